import Foundation

/// The engine's answer for one policy, snapshot and moment.
public struct Decision: Sendable, Equatable {
    /// Whether the sync may run now.
    public let shouldSync: Bool
    /// The policy's name.
    public let policy: String
    /// When the decision was made.
    public let evaluatedAt: Date
    /// One verdict per rule the policy holds, in ``Verdict/Rule`` order.
    public let verdicts: [Verdict]
    /// The `max_deferral` waiver in force, if any.
    public let waiver: Waiver?
    /// The earliest moment, at or after `evaluatedAt`, at which the time-based rules
    /// (`min_gap`, `window`) allow a sync. Other rules may still block then.
    public let timeRulesAllowAt: Date

    /// The rules that keep the sync from running.
    public var blockers: [Verdict.Rule] { verdicts.filter(\.blocks).map(\.rule) }

    /// The verdict of `rule`, if the policy holds it.
    public func verdict(_ rule: Verdict.Rule) -> Verdict? {
        verdicts.first { $0.rule == rule }
    }
}
