/// The engine's judgement of a running sync against its policy's `while_running` rules:
/// whether the job must stop now, and why.
package struct RunCheck: Sendable, Equatable {
    /// The policy's name.
    package let policy: String
    /// One verdict per `while_running` rule the policy holds, in network, battery, idle order,
    /// but for those the relax step in force lifts. An unknown reading passes, whatever
    /// `on_unknown` says.
    package let verdicts: [Verdict]
    /// When the `idle` rule could fail with no new sensor event: the time left before the
    /// user's activity so far reaches `active_for`. The caller should observe the user again
    /// and re-check by then. Nil when the user is away or the rule is absent.
    package let recheckIn: Duration?

    /// Creates a check.
    init(policy: String, verdicts: [Verdict], recheckIn: Duration? = nil) {
        self.policy = policy
        self.verdicts = verdicts
        self.recheckIn = recheckIn
    }

    /// Why the job must stop, from the first failing rule, worded for the log and the run
    /// record (`battery fell to 22 %, below 25 %`); nil while it may keep running.
    package var stopReason: String? { verdicts.lazy.compactMap(\.stopReason).first }

    /// Whether the job must stop now.
    package var shouldStop: Bool { stopReason != nil }

    /// The rules that fail.
    package var stoppers: [Verdict.Rule] { verdicts.filter { $0.status == .fail }.map(\.rule) }

    /// The verdict of `rule`, if the policy's `while_running` holds it.
    package func verdict(_ rule: Verdict.Rule) -> Verdict? {
        verdicts.first { $0.rule == rule }
    }
}
