import Foundation

extension DaemonMachine {
    /// What happens to the daemon: each comes with its moment, in ``DaemonMachine/handle(_:at:)``.
    package enum Event: Sendable, Equatable {
        /// The daemon started: the persisted schedule (nil when none, or planned under
        /// another schedule), the last run's start and the last success's end from the store.
        /// `jitter` is a number in 0..<1 the driver drew, for a schedule planned afresh.
        case started(persisted: ScheduleState?, lastRun: Date?, lastSuccess: Date?, jitter: Double)
        /// The time the last wait asked for has come (or the clock was set).
        case timeReached
        /// The sensors' readings changed (their `lastSync` and `dueSince` are ignored).
        case readings(Snapshot)
        /// The daemon's timer fired, at the time the last wait asked for or early because
        /// the wall clock was set, with the readings read then: the machine decides again
        /// (a clock set backwards must not leave the due time a year away).
        case polled(Snapshot)
        /// The job asked for has started (the driver holds the sync lock).
        case jobStarted
        /// The job ended; `jitter` is a number in 0..<1 for the next due time.
        case jobEnded(RunEnd, jitter: Double)
        /// Something outside the policy asks the running job to stop (a pause, a script).
        case stopRequested(reason: String, grace: Duration)
        /// A suspend is coming.
        case sleeping
        /// The machine resumed from a suspend.
        case resumed
        /// The config or policy was reloaded.
        case reloaded(Setup)
        /// A sync is asked for now, outside the schedule (`musicdiff sync`): it starts when the
        /// policy allows (or `force`), else the machine says what blocks it and starts nothing.
        case runNow(force: Bool)
        /// A run the daemon did not start (`musicdiff sync`) ended at this moment.
        case outsideRun(succeeded: Bool, jitter: Double)
        /// The user paused syncing (`musicdiff pause`): a running job stops, and nothing starts
        /// until the pause ends (a forced run aside). Before ``started(persisted:lastRun:lastSuccess:jitter:)``
        /// it only sets the pause the store kept.
        case paused(Pause)
        /// The user ended the pause (`musicdiff resume`).
        case pauseLifted
        /// The sync lock is held by another sync (`holder` describes it when known).
        case lockBusy(holder: String?)
        /// The daemon is to stop.
        case terminate
    }

    /// What the driver is to do, in order.
    package enum Action: Sendable, Equatable {
        /// Wait until a time, or a reading change when `onReadings`; then feed the event.
        case wait(until: Date, onReadings: Bool)
        /// Start the job (taking the sync lock first; a busy lock is ``Event/lockBusy(holder:)``).
        case startJob(JobStart)
        /// Ask the running job to stop: SIGTERM, then SIGKILL after `grace`.
        case stopJob(reason: String, grace: Duration)
        /// Record this moment in the history.
        case record(RecordedMoment)
        /// Persist this schedule.
        case save(ScheduleState)
        /// Hold logind's sleep delay lock while the job runs.
        case holdSleep
        /// Release it.
        case releaseSleep
        /// Tell the user and the log what the machine waits for (a `STATUS=` line).
        case status(MachineStatus)
    }

    /// A job the machine starts: when it had been due, and what the decision saw.
    package struct JobStart: Sendable, Equatable {
        /// Since when the sync had been due.
        package var dueSince: Date?
        /// The decision that let it start; nil outside smart mode.
        package var decision: Decision?
    }

    /// What the machine waits for, in a status line's terms.
    package enum MachineStatus: Sendable, Equatable {
        /// Nothing is due until then.
        case nextSync(Date)
        /// A due sync is blocked by the policy, or held after a stop (`held` says by which
        /// reading, in ``StopHold``'s words).
        case blocked(dueSince: Date?, decision: Decision?, held: String?)
        /// After a resume, until then.
        case settling(until: Date)
        /// A suspend is coming.
        case asleep
        /// The user paused syncing.
        case paused(Pause)
        /// The job runs since then.
        case syncing(since: Date)
        /// Another sync holds the lock.
        case waitingForOtherSync(holder: String?)
    }
}
