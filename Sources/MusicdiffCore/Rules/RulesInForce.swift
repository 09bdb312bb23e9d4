import Foundation

/// The rules that judge a due sync at one overdue time: the policy's own, with every relax
/// step whose `after` has been reached applied in order, each changed rule marked with the
/// step that last changed it.
struct RulesInForce {
    /// The policy's rules and its ladder, as written: a rule a reached step replaced is read
    /// from that step (see ``subscript(_:)``), so that a decision allocates nothing for its
    /// ladder, and holds two references where a copy of the whole policy retained seven.
    private let rules: RuleSlots
    private let relax: [RelaxStep]
    /// The index in `relax` of the last step in force that changed each rule, by
    /// ``Verdict/Rule/index`` (-1: none), and which of those changes turned the rule off.
    /// Room for 16 rules in 66 bytes, kept inline: a decision allocates nothing for them and
    /// copies little (an inline array of 16 ``StepMark``s was copied whole on each look-up).
    private var changedBy = InlineArray<16, Int32>(repeating: -1)
    private var turnedOff: UInt16 = 0
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
    init(_ policy: Policy, overdue: Duration?) {
        rules = policy.slots
        relax = policy.relax
        guard let overdue else { return }
        for (index, step) in policy.relax.enumerated() {
            guard step.after <= overdue else {
                next = index
                return
            }
            let mark = StepMark(after: step.after, off: false)
            stepInForce = Int32(index)
            for (_, type) in Verdict.Rule.relaxable { type.apply(step, to: &self, mark) }
            self.step = index
        }
    }

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

    /// The rule `Rule` in force: the replacement of the last reached step that replaced it,
    /// else the policy's own; nil when the policy holds none.
    subscript<Rule: RelaxableRule>(_: Rule.Type) -> Rule? {
        let step = replacedBy[Rule.rule.index]
        guard step >= 0, case .replace(let rule)? = relax[Int(step)][Rule.self] else {
            return rules[Rule.rule]
        }
        return rule
    }

    /// Marks `rule` as changed by the step being applied.
    mutating func set(_ rule: Verdict.Rule, _ mark: StepMark) {
        let bit = UInt16(1) << rule.index
        changedBy[rule.index] = stepInForce
        turnedOff = mark.off ? turnedOff | bit : turnedOff & ~bit
    }

    /// The step mark of `rule`, if a step in force changed it.
    func mark(_ rule: Verdict.Rule) -> StepMark? {
        let step = changedBy[rule.index]
        guard step >= 0 else { return nil }
        return StepMark(after: relax[Int(step)].after, off: turnedOff & (1 << rule.index) != 0)
    }
}
