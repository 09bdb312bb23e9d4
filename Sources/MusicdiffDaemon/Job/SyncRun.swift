import Foundation

/// One run of the sync job, as the state store keeps it.
package struct SyncRun: Sendable, Equatable, Codable {
    /// How a run ended.
    package enum Outcome: String, Sendable, Equatable, Codable, CaseIterable {
        /// Still running (or the daemon died while it ran).
        case running
        /// Exit 0, no failed changes.
        case success
        /// Exit 0, but some changes failed.
        case partial
        /// A non-zero exit.
        case failed
        /// Killed by a signal it did not ask for.
        case crashed
        /// Ran past `sync.timeout` and was stopped.
        case timedOut = "timed_out"
        /// Stopped because the daemon was shutting down.
        case interrupted
        /// Stopped because a `while_running` rule no longer held (the network turned metered,
        /// the battery ran low, the user came back, the machine went to sleep): not a
        /// failure, and the sync stays due.
        case stopped
        /// The command could not be started.
        case notStarted = "not_started"

        /// Whether the run counts as a successful sync for `min_gap`.
        package var isSuccess: Bool { self == .success || self == .partial }

        /// The outcome in a person's words (`could not start`); the raw value is for JSON and
        /// the store.
        package var words: String {
            switch self {
            case .running: "running"
            case .success: "succeeded"
            case .partial: "partly succeeded"
            case .failed: "failed"
            case .crashed: "crashed"
            case .timedOut: "timed out"
            case .interrupted: "interrupted"
            case .stopped: "stopped"
            case .notStarted: "could not start"
            }
        }
    }

    /// Who started the run.
    package enum Trigger: String, Sendable, Equatable, Codable {
        /// The daemon, on its schedule.
        case daemon
        /// `musicdiff sync`, through the policy gate.
        case manual
        /// `musicdiff sync --force`.
        case forced
    }

    /// A conflict the sync job reported.
    package struct Conflict: Sendable, Equatable, Codable {
        /// What kind of thing conflicts (`track`, `playlist`).
        package var entityType: String
        /// Which one.
        package var entityId: String

        /// Creates a conflict.
        package init(entityType: String, entityId: String) {
            self.entityType = entityType
            self.entityId = entityId
        }
    }

    /// The store's id of the run.
    package var id: Int64?
    /// When it started.
    package var startedAt: Date
    /// When it ended; nil while running.
    package var endedAt: Date?
    /// Who started it.
    package var trigger: Trigger
    /// How it ended.
    package var outcome: Outcome
    /// The exit status, or the signal number for `crashed`.
    package var exitStatus: Int?
    /// Changes applied, from the job's summary line.
    package var changesApplied: Int?
    /// Changes that failed, from the job's summary line.
    package var failedChanges: Int?
    /// A short note: the error, or the last line of output.
    package var message: String?
    /// Conflicts the job reported.
    package var conflicts: [Conflict]
    /// The last lines of the job's output (``SyncResult/output``), one per line; nil when it
    /// printed nothing or was recorded before the store kept output.
    package var output: String?

    /// Creates a run record.
    package init(
        id: Int64? = nil,
        startedAt: Date,
        endedAt: Date? = nil,
        trigger: Trigger,
        outcome: Outcome,
        exitStatus: Int? = nil,
        changesApplied: Int? = nil,
        failedChanges: Int? = nil,
        message: String? = nil,
        conflicts: [Conflict] = []
    ) {
        self.id = id
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.trigger = trigger
        self.outcome = outcome
        self.exitStatus = exitStatus
        self.changesApplied = changesApplied
        self.failedChanges = failedChanges
        self.message = message
        self.conflicts = conflicts
    }
}

/// One tick's decision, as the state store keeps it.
package struct TickRecord: Sendable, Equatable {
    /// When the decision was made.
    package var at: Date
    /// Whether the policy allowed the sync.
    package var wouldSync: Bool
    /// The rules that blocked it.
    package var failed: [String]
    /// The policy's name.
    package var policy: String
}
