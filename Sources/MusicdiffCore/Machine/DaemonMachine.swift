import Foundation

/// What the daemon does next, in one place: a pure state machine that takes the daemon's
/// events (a time reached, readings changed, a job ended, sleep and resume, a reload, a run
/// outside the daemon, a busy sync lock, the end) and returns the actions to perform (wait,
/// start or stop the job, record a moment, save the schedule, hold or release sleep).
///
/// It reads no clock and does no I/O: every event comes with its moment, and whatever needs
/// chance (the jitter) comes in an event. The history simulator and `replay` drive it with
/// scripted and recorded events, so they decide exactly as the daemon does.
///
/// Invariants: ``phase`` is ``Phase/running(_:)`` or ``Phase/stopping(_:reason:)`` exactly
/// between a ``Action/startJob(_:)`` and the ``Event/jobEnded(_:jitter:)`` that follows it;
/// every call to ``handle(_:at:)`` that leaves the machine waiting returns exactly one
/// ``Action/wait(until:onReadings:)``, and the driver feeds ``Event/timeReached`` no earlier
/// than that time (earlier ones are answered with the same wait).
public struct DaemonMachine: Sendable, Equatable {
    /// What the machine decides with: the schedule and, in smart mode, the policy.
    public struct Setup: Sendable, Equatable {
        /// Due times, catch-up and back-off.
        public var plan: SchedulePlan
        /// The policy that gates a due sync; nil outside smart mode, where a due sync runs.
        public var policy: Policy?
        /// Says the schedule apart from another (`every 6h`, a cron text): a reload that
        /// changes it plans again from the last run.
        public var scheduleKey: String

        /// Creates a setup.
        public init(plan: SchedulePlan, policy: Policy?, scheduleKey: String) {
            self.plan = plan
            self.policy = policy
            self.scheduleKey = scheduleKey
        }
    }

    /// Where the machine stands, with what it needs there.
    public enum Phase: Sendable, Equatable {
        /// Before ``Event/started(persisted:lastRun:lastSuccess:jitter:)``.
        case new
        /// No sync is due until the schedule's next due time.
        case idle
        /// A suspend is coming: no sync starts until the resume.
        case asleep
        /// The user paused syncing (``Pause``): no sync starts until it ends.
        case paused(Pause)
        /// After a resume, no sync starts until this moment.
        case settling(until: Date)
        /// A sync is due and the policy (or the hold after a stop) blocks it.
        case blocked(Decision?)
        /// Another sync holds the sync lock: this one waits for it.
        case waitingForLock(holder: String?)
        /// The job runs.
        case running(RunWatch)
        /// The job was asked to stop and has not ended yet.
        case stopping(RunWatch, reason: String)
        /// The daemon stopped.
        case stopped
    }

    /// The running job, as the machine watches it.
    public struct RunWatch: Sendable, Equatable {
        /// When it started.
        public var since: Date
        /// Since when the sync had been due when it started.
        public var dueSince: Date?
        /// The user's activity during the run, for `while_running.idle`.
        public var activity = ActivityTracker()
        /// For a run started early (the policy's `early`), the due time it came before.
        public var earlyFor: Date?
    }

    /// The setup in force.
    public internal(set) var setup: Setup
    /// The schedule: the next due time, since when a sync is due, the failures in a row.
    public internal(set) var schedule = ScheduleState(nextDue: .distantFuture)
    /// Where the machine stands.
    public internal(set) var phase: Phase = .new
    /// When the last successful sync ended (for `min_gap`); nil when none is known.
    public internal(set) var lastSuccess: Date?
    /// When the last run started, for planning after a schedule change.
    public internal(set) var lastRunStart: Date?
    /// The machine's readings, as last told (their `lastSync` and `dueSince` are the machine's).
    public internal(set) var readings = Snapshot.unread()
    /// When the machine last resumed from a suspend; the policy's `settle` counts from it.
    public internal(set) var resumedAt: Date?
    /// The due time an early start was last tried for: one try per due time.
    var earlyTried: Date?
    /// A cron due time an early run came before: it passes without a sync.
    var earlyReplaced: Date?
    /// The user's pause, while it lasts: it holds every start but a forced one.
    public internal(set) var pause: Pause?
    /// After a `while_running` stop, what keeps the sync from starting again at once.
    public internal(set) var hold: StopHold?
    /// The wait last asked for.
    public internal(set) var waiting: Wait?
    /// Whether the daemon is to stop once the job has ended.
    public internal(set) var terminating = false
    /// The local zone's offset from UTC at the last event, in seconds.
    public internal(set) var utcOffset = 0
    /// What the last recorded decision said, so that a reading change that leaves it as it
    /// was records nothing.
    var recorded: RecordedDecision?

    /// Creates a machine that has not started.
    public init(setup: Setup) {
        self.setup = setup
    }

    /// The policy in force, in smart mode.
    public var policy: Policy? { setup.policy }

    /// Whether a job runs (or is being stopped).
    public var isRunning: Bool {
        switch phase {
        case .running, .stopping: true
        default: false
        }
    }
}

/// A wait the machine asked for: until a time, and whether a reading change ends it sooner.
public struct Wait: Sendable, Equatable {
    /// When the wait ends at the latest.
    public var until: Date
    /// Whether a change of the readings ends it.
    public var onReadings: Bool

    /// Creates a wait.
    public init(until: Date, onReadings: Bool) {
        self.until = until
        self.onReadings = onReadings
    }
}

/// What a recorded decision said: whether it allowed the sync, and which rules blocked it.
struct RecordedDecision: Sendable, Equatable {
    var shouldSync: Bool
    var blockers: [String]
}
