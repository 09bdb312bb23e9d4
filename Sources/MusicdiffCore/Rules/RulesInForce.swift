import Foundation

/// The rules that judge a due sync at one overdue time: the policy's own, with every relax
/// step whose `after` has been reached applied in order, each changed rule marked with the
/// step that last changed it.
///
/// It holds only which step changed which rule: a rule in force is read from the policy it
/// was made from, which each look-up is given (``subscript(_:in:)``), so that a decision
/// copies and retains nothing of the policy for it.
struct RulesInForce {
    /// The index in `relax` of the last step in force that changed each rule, by
    /// ``Verdict/Rule/index`` (-1: none), and which of those changes turned the rule off.
    /// Room for 16 rules in 66 bytes, kept inline: a decision allocates nothing for them and
    /// copies little (an inline array of 16 ``StepMark``s was copied whole on each look-up).
    private var changedBy = InlineArray<16, Int32>(repeating: -1)
    private var turnedOff: UInt16 = 0
    /// The rules a step in force changed, a bit per ``Verdict/Rule/index``: a decision asks
    /// each rule's mark, and without one a bit answers (a look-up in `changedBy` copied it).
    private var changed: UInt16 = 0
    /// The index in `relax` of the last step in force that replaced each rule (-1: none): a
    /// later step that turns the rule off keeps judging it with this replacement.
    private var replacedBy = InlineArray<16, Int32>(repeating: -1)
    /// The index in the policy's `relax` of the last step reached, if any.
    var step: Int?
    /// The index of the step being applied, while `init` applies them.
    private var stepInForce: Int32 = -1
    /// The index of the first step not reached yet; nil when the sync is not due or no step
    /// is left.
    var next: Int?

    /// The rules of `policy` for a sync overdue by `overdue` (nil when it is not due).
    /// Exactly at a step's `after`, the step applies.
    /// The policy is borrowed: nothing of it is copied or retained.
    init(_ policy: borrowing Policy, overdue: Duration?) {
        holds = policy.slots.mask
        guard let overdue else { return }
        for (index, step) in policy.relax.enumerated() {
            guard step.after <= overdue else {
                next = index
                return
            }
            let mark = StepMark(after: step.after, off: false)
            stepInForce = Int32(index)
            // Only the rules the step changes, in list order.
            var changes = step.changes.mask
            while changes != 0 {
                let index = changes.trailingZeroBitCount
                changes &= changes - 1
                Verdict.Rule.allCases[index].apply(step, to: &self, mark)
            }
            self.step = index
        }
    }

    /// How many rules the policy holds (a relax step only replaces or turns off one of them).
    var held: Int { holds.nonzeroBitCount }
    /// The rules the policy holds, a bit per ``Verdict/Rule/index``.
    let holds: UInt16

    /// A step's change to one rule: a replacement is judged instead; `off` keeps the rule it
    /// drops (so that its verdict can still be shown) and marks it off.
    mutating func apply<Rule: RelaxableRule>(_ change: RelaxStep.Change<Rule>?, _ mark: StepMark) {
        switch change {
        case nil:
            return
        case .replace?:
            replacedBy[Rule.rule.index] = stepInForce
            set(Rule.rule, mark)
        case .off?:
            set(Rule.rule, StepMark(after: mark.after, off: true))
        }
    }

    /// The rule `Rule` in force in `policy` (the one these were made from): the replacement
    /// of the last reached step that replaced it, else the policy's own; nil when the policy
    /// holds none.
    subscript<Rule: RelaxableRule>(_: Rule.Type, in policy: Policy) -> Rule? {
        let step = replacedBy[Rule.rule.index]
        guard step >= 0, case .replace(let rule)? = policy.relax[Int(step)][Rule.self] else {
            return policy[Rule.self]
        }
        return rule
    }

    /// Marks `rule` as changed by the step being applied.
    mutating func set(_ rule: Verdict.Rule, _ mark: StepMark) {
        let bit = UInt16(1) << rule.index
        changedBy[rule.index] = stepInForce
        changed |= bit
        turnedOff = mark.off ? turnedOff | bit : turnedOff & ~bit
    }

    /// The step mark of `rule` in `policy` (the one these were made from), if a step in force
    /// changed it.
    func mark(_ rule: Verdict.Rule, in policy: Policy) -> StepMark? {
        guard changed & 1 << rule.index != 0 else { return nil }
        let step = Int(changedBy[rule.index])
        return StepMark(after: policy.relax[step].after, off: turnedOff & (1 << rule.index) != 0)
    }
}
