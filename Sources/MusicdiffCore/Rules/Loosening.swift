/// A start rule that can tell whether it allows every reading another rule of its kind
/// allows. The parser asks it twice: a relax step must allow all that the rule before it
/// allowed (a ladder only loosens), and a `while_running` rule must allow all that the start
/// rules allow (else a sync they start is stopped at once, over and over).
protocol Loosening {
    /// Whether every reading that `other` lets a sync start on, this rule allows too.
    func allowsAll(of other: Self) -> Bool
}
