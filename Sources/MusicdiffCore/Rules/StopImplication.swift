/// How a `while_running` rule must follow from the start rules: a rule that could fail on a
/// reading the start rules allow stops a sync they have just started, and the daemon would
/// start and stop it over and over. One entry per rule with a `while_running` form (each
/// form's ``StopRule/gap(_:)`` says it), and the parser refuses every policy an entry finds a
/// gap in.
struct StopImplication: Sendable {
    /// The rule's key, in `while_running` and among the start rules (`network`).
    let key: String
    /// The key inside the rule that an error points at; nil for the rule itself.
    let field: String?
    /// Why `policy`'s start rules do not imply its `while_running` rule, in words that say
    /// what to change; nil when they do, or when the policy has no such rule.
    let gap: @Sendable (Policy) -> String?

    /// Every `while_running` rule's implication.
    static let all: [StopImplication] = Verdict.Rule.stopRules.map { rule, type in
        StopImplication(key: rule.rawValue, field: type.gapField) { type.gap($0) }
    }
}
