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
package struct DaemonMachine: Sendable, Equatable {
    /// What the machine decides with: the schedule and, in smart mode, the policy.
    package struct Setup: Sendable, Equatable {
        /// Due times, catch-up and back-off.
        package var plan: SchedulePlan
        /// The policy that gates a due sync; nil outside smart mode, where a due sync runs.
        package var policy: Policy?
        /// Says the schedule apart from another (`every 6h`, a cron text): a reload that
        /// changes it plans again from the last run.
        package var scheduleKey: String

        /// Creates a setup.
        package init(plan: SchedulePlan, policy: Policy?, scheduleKey: String) {
            self.plan = plan
            self.policy = policy
            self.scheduleKey = scheduleKey
        }
    }

    /// Where the machine stands, with what it needs there.
    package enum Phase: Sendable, Equatable {
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
    package struct RunWatch: Sendable, Equatable {
        /// When it started.
        package var since: Date
        /// Since when the sync had been due when it started.
        package var dueSince: Date?
        /// The user's activity during the run, for `while_running.idle`.
        package var activity = ActivityTracker()
        /// For a run started early (the policy's `early`), the due time it came before.
        var earlyFor: Date?
    }

    /// The setup in force.
    package internal(set) var setup: Setup
    /// The schedule: the next due time, since when a sync is due, the failures in a row.
    package internal(set) var schedule = ScheduleState(nextDue: .distantFuture)
    /// Where the machine stands.
    package internal(set) var phase: Phase = .new
    /// When the last successful sync ended (for `min_gap`); nil when none is known.
    package internal(set) var lastSuccess: Date?
    /// When the last run started, for planning after a schedule change.
    package internal(set) var lastRunStart: Date?
    /// The machine's readings, as last told (their `lastSync` and `dueSince` are the machine's).
    package internal(set) var readings = Snapshot.unread()
    /// When the machine last resumed from a suspend; the policy's `settle` counts from it.
    var resumedAt: Date?
    /// Whether logind announced a suspend (``Event/sleeping``) that no ``Event/resumed`` has
    /// followed yet: a run that ends meanwhile starts nothing before the resume. (A comparison
    /// of the last resume's time with the run's start could not tell: with `settle: 0s` the
    /// resume starts the run at its own time.)
    var suspending = false
    /// The due time an early start was last tried for: one try per due time.
    var earlyTried: Date?
    /// A cron due time an early run came before: it passes without a sync.
    var earlyReplaced: Date?
    /// The user's pause, while it lasts: it holds every start but a forced one.
    package internal(set) var pause: Pause?
    /// After a `while_running` stop, what keeps the sync from starting again at once.
    package internal(set) var hold: StopHold?
    /// The wait last asked for.
    package internal(set) var waiting: Wait?
    /// Whether the daemon is to stop once the job has ended.
    package internal(set) var terminating = false
    /// The local zone's offset from UTC at the last event, in seconds.
    package internal(set) var utcOffset = 0
    /// What the last recorded decision said, so that a reading change that leaves it as it
    /// was records nothing.
    var recorded: RecordedDecision?

    /// Creates a machine that has not started.
    package init(setup: Setup) {
        self.setup = setup
    }

    /// The policy in force, in smart mode.
    package var policy: Policy? { setup.policy }

    /// Whether a job runs (or is being stopped).
    package var isRunning: Bool {
        switch phase {
        case .running, .stopping: true
        default: false
        }
    }
}

/// A wait the machine asked for: until a time, and whether a reading change ends it sooner.
package struct Wait: Sendable, Equatable {
    /// When the wait ends at the latest.
    package var until: Date
    /// Whether a change of the readings ends it.
    package var onReadings: Bool
}

/// What a recorded decision said: whether it allowed the sync, and which rules blocked it.
struct RecordedDecision: Sendable, Equatable {
    var shouldSync: Bool
    var blockers: [String]
}
