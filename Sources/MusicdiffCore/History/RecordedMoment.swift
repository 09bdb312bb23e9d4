import Foundation

/// One moment of the daemon's recorded history: a decision and the snapshot it was made on,
/// a sync's start or end, or the daemon's start or stop. The state store keeps these, and
/// `history` and `replay` read them back.
package struct RecordedMoment: Sendable, Equatable {
    /// What happened at the moment.
    package enum Kind: String, Sendable, Equatable, CaseIterable {
        /// The policy decided on a due sync (a poll tick, or a sensor event).
        case decision
        /// The daemon started the sync job.
        case syncStart = "sync_start"
        /// The sync job ended.
        case syncEnd = "sync_end"
        /// The daemon started.
        case daemonStart = "daemon_start"
        /// The daemon stopped.
        case daemonStop = "daemon_stop"
    }

    /// When.
    package var at: Date
    /// The local zone's offset from UTC then, in seconds, for the time rules and the days.
    package var utcOffset: Int
    /// What happened.
    package var kind: Kind
    /// The policy's name; empty outside smart mode.
    package var policy: String
    /// Whether the policy allowed the sync (decisions only).
    package var wouldSync: Bool
    /// The rules that blocked it, in the policy's order (decisions only).
    package var failed: [String]
    /// Since when the pending sync had been due; nil when none was.
    package var dueSince: Date?
    /// The sensors' readings (its `lastSync` is not kept: replay works it out itself).
    package var readings: Snapshot
    /// How the run ended (`sync_end` only).
    package var runEnd: RunEnd?

    /// Creates a moment.
    package init(
        at: Date,
        utcOffset: Int = 0,
        kind: Kind,
        policy: String = "",
        wouldSync: Bool = false,
        failed: [String] = [],
        dueSince: Date? = nil,
        readings: Snapshot = .unread(),
        runEnd: RunEnd? = nil
    ) {
        self.at = at
        self.utcOffset = utcOffset
        self.kind = kind
        self.policy = policy
        self.wouldSync = wouldSync
        self.failed = failed
        self.dueSince = dueSince
        self.readings = readings
        self.runEnd = runEnd
    }

    /// A decision's moment: `decision` made on `snapshot`.
    package init(decision: Decision, snapshot: Snapshot, utcOffset: Int) {
        self.init(
            at: decision.evaluatedAt,
            utcOffset: utcOffset,
            kind: .decision,
            policy: decision.policy,
            wouldSync: decision.shouldSync,
            failed: decision.blockers.map(\.rawValue),
            dueSince: snapshot.dueSince,
            readings: snapshot
        )
    }
}

/// How a sync run ended, as the history draws it.
package enum RunEnd: String, Sendable, Equatable, CaseIterable {
    /// Success, or partial success: it counts for `min_gap`.
    case synced
    /// A `while_running` rule stopped it; the sync stayed due.
    case stopped
    /// It failed, crashed, timed out, was interrupted or could not start.
    case failed
}

/// A sync run, as the history and replay see it.
package struct RecordedRun: Sendable, Equatable {
    /// When it started.
    package var start: Date
    /// When it ended; nil while it runs.
    package var end: Date?
    /// How it ended; nil while it runs.
    package var result: RunEnd?
    /// Whether the daemon started it (rather than `musicdiff sync`).
    package var byDaemon: Bool

    /// Creates a run.
    package init(start: Date, end: Date?, result: RunEnd?, byDaemon: Bool) {
        self.start = start
        self.end = end
        self.result = result
        self.byDaemon = byDaemon
    }
}
