import Foundation
import MusicdiffCore

extension StateStore {
    /// Keys of the daemon's values in the store.
    enum Key {
        static let nextDue = "next_due"
        static let dueSince = StateReadings.dueSinceKey
        static let failures = "consecutive_failures"
        static let startedAt = "started_at"
        static let mode = "mode"
        static let summary = "summary"
        static let pid = "pid"
        static let policy = "policy"
        /// While a sync runs in smart mode: what stops it, in words (`it stops if ...`).
        static let runWatch = "run_watch"
        /// After a resume: no sync starts before this time (seconds since 1970).
        static let settleUntil = "settle_until"
        /// The schedule the next due time was planned under (``DaemonSettings/scheduleKey``).
        static let plannedFor = "planned_for"
        /// The daemon's time zone (an identifier), for replaying its history elsewhere.
        static let timeZone = "time_zone"
    }

    /// The schedule state the daemon left, if any.
    public func scheduleState() throws(DaemonError) -> ScheduleState? {
        guard let nextDue = try date(Key.nextDue) else { return nil }
        let failures = try value(Key.failures).flatMap(Int.init) ?? 0
        return ScheduleState(
            nextDue: nextDue,
            dueSince: try date(Key.dueSince),
            consecutiveFailures: failures
        )
    }

    /// Keeps the schedule state for a restart, and for `why-not` and `status`.
    public func saveScheduleState(_ state: ScheduleState) throws(DaemonError) {
        try setValue(Self.text(state.nextDue), for: Key.nextDue)
        try setValue(state.dueSince.map(Self.text), for: Key.dueSince)
        try setValue(String(state.consecutiveFailures), for: Key.failures)
    }

    /// Records who runs the daemon and how, for `status`, and the policy it gates with (a
    /// name or an absolute path), for `why-not`.
    public func saveDaemonIdentity(
        pid: Int32,
        startedAt: Date,
        mode: String,
        summary: String,
        policy: String?
    )
        throws(DaemonError)
    {
        try setValue(String(pid), for: Key.pid)
        try setValue(policy, for: Key.policy)
        try setValue(Self.text(startedAt), for: Key.startedAt)
        try setValue(mode, for: Key.mode)
        try setValue(summary, for: Key.summary)
    }

    /// The policy the running daemon gates with, as it was given; nil when it is not smart.
    public func daemonPolicy() throws(DaemonError) -> String? { try value(Key.policy) }

    /// When the last run (of any outcome) started.
    public func lastRunStart() throws(DaemonError) -> Date? {
        try recentRuns(limit: 1).first?.startedAt
    }

    /// A stored time, or nil; nil too for one that is not a time from 1970 through 9999
    /// (``OutsideNumber/time``), which no date arithmetic should meet.
    func date(_ key: String) throws(DaemonError) -> Date? {
        try value(key).flatMap { try? OutsideNumber.time.check(text: $0).get() }
            .map(Date.init(timeIntervalSince1970:))
    }

    static func text(_ date: Date) -> String { String(date.timeIntervalSince1970) }
}
