import Foundation

/// The engine's answer for one policy, snapshot and moment.
package struct Decision: Sendable, Equatable {
    /// Whether the sync may run now.
    package let shouldSync: Bool
    /// The policy's name.
    package let policy: String
    /// When the decision was made.
    package let evaluatedAt: Date
    /// One verdict per rule the policy holds, in ``Verdict/Rule`` order.
    package let verdicts: [Verdict]
    /// The `max_deferral` waiver in force, if any.
    package let waiver: Waiver?
    /// The earliest moment, at or after `evaluatedAt`, at which the time-based rules
    /// (`min_gap`, `window`) allow a sync. Other rules may still block then.
    package let timeRulesAllowAt: Date
    /// The policy's relax steps, which ``step`` and ``nextStep`` index (kept whole, so that a
    /// decision copies no step).
    let ladder: [RelaxStep]
    /// The index in ``ladder`` of the step in force.
    let stepIndex: Int?
    /// The index in ``ladder`` of the next step.
    let nextStepIndex: Int?
    /// When ``nextStep`` begins (the due time plus its `after`): the daemon re-decides then.
    package let nextStepAt: Date?
    /// The latest time the sync will run if the machine is on: the due time plus
    /// `max_deferral`, later only if `min_gap` needs it; nil without `max_deferral` or when
    /// the sync is not due.
    package let deadline: Date?

    /// The relax step in force: the last one whose `after` the overdue time has reached.
    package var step: RelaxStep? { stepIndex.map { ladder[$0] } }
    /// The next relax step, while one is to come.
    package var nextStep: RelaxStep? { nextStepIndex.map { ladder[$0] } }

    /// The rules that keep the sync from running.
    package var blockers: [Verdict.Rule] { verdicts.filter(\.blocks).map(\.rule) }

    /// The verdict of `rule`, if the policy holds it.
    package func verdict(_ rule: Verdict.Rule) -> Verdict? {
        verdicts.first { $0.rule == rule }
    }
}
