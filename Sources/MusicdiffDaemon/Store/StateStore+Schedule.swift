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
        /// While a sync runs: the niceness and I/O class it runs at (`nice 10, I/O idle`).
        static let runPriority = "run_priority"
        /// After a resume: no sync starts before this time (seconds since 1970).
        static let settleUntil = "settle_until"
        /// After a `while_running` stop, while it keeps a sync the policy allows from starting:
        /// the rule and reading that hold it (`network: the network turned metered (yes)`).
        static let stopHold = "stop_hold"
        /// The schedule the next due time was planned under (``DaemonSettings/scheduleKey``).
        static let plannedFor = "planned_for"
        /// The daemon's time zone (an identifier), for replaying its history elsewhere.
        static let timeZone = "time_zone"
    }

    /// The schedule state the daemon left, if any.
    package func scheduleState() throws(DaemonError) -> ScheduleState? {
        guard let nextDue = try date(Key.nextDue) else { return nil }
        let failures =
            try value(Key.failures).flatMap(Int.init).map { min(max($0, 0), Self.maxFailures) } ?? 0
        return ScheduleState(
            nextDue: nextDue,
            dueSince: try date(Key.dueSince),
            consecutiveFailures: failures
        )
    }

    /// Keeps the schedule state for a restart, and for `why-not` and `status`.
    package func saveScheduleState(_ state: ScheduleState) throws(DaemonError) {
        try setValue(Self.text(state.nextDue), for: Key.nextDue)
        try setValue(state.dueSince.map(Self.text), for: Key.dueSince)
        try setValue(String(state.consecutiveFailures), for: Key.failures)
    }

    /// Records who runs the daemon and how, for `status`, and the policy it gates with (a
    /// name or an absolute path), for `why-not`.
    func saveDaemonIdentity(
        pid: Int32,
        startedAt: Date,
        mode: String,
        summary: String,
        policy: String?
    )
        throws(DaemonError)
    {
        try setValue(String(pid), for: Key.pid)
        try setValue(Self.text(startedAt), for: Key.startedAt)
        try saveDaemonSettings(mode: mode, summary: summary, policy: policy)
        try setValue(nil, for: Key.stopHold)
    }

    /// Records what the running daemon does after a start or a reload: its mode, its summary
    /// (`smart, every 10m, policy laptop`) and its policy as given, for `daemon status`.
    func saveDaemonSettings(mode: String, summary: String, policy: String?) throws(DaemonError) {
        try setValue(policy, for: Key.policy)
        try setValue(mode, for: Key.mode)
        try setValue(summary, for: Key.summary)
    }

    /// The policy the running daemon gates with, as it was given; nil when it is not smart.
    package func daemonPolicy() throws(DaemonError) -> String? { try value(Key.policy) }

    /// When the last run (of any outcome) started.
    package func lastRunStart() throws(DaemonError) -> Date? {
        try recentRuns(limit: 1).first?.startedAt
    }

    /// The most consecutive failures a stored count says: the back-off stops growing long
    /// before, and a larger one (a hand edit) must not overflow the count.
    static let maxFailures = 1_000_000

    /// A stored time, or nil; so is one that is no number or out of range.
    func date(_ key: String) throws(DaemonError) -> Date? { Self.date(text: try value(key)) }

    /// The time a stored text (seconds since 1970) says: nil for text that is no number, or
    /// a number that is not finite or not in years 1 to 9999.
    static func date(text: String?) -> Date? {
        guard let seconds = text.flatMap(Double.init), RowReader.dates.contains(seconds) else { return nil }
        return Date(timeIntervalSince1970: seconds)
    }

    static func text(_ date: Date) -> String { String(date.timeIntervalSince1970) }
}
