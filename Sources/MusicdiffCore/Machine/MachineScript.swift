import Foundation

/// A ``DaemonMachine`` driven through scripted time, as the history simulator and `replay`
/// drive it: the driver says what happens when; this keeps what the machine recorded, the
/// wait it asked for and the job it runs. A job stops as soon as the machine asks (a job
/// that honours SIGTERM at once), and a stopped daemon starts again with its schedule kept.
struct MachineScript {
    /// A job the script runs: when it started, and when and how it will end.
    struct Job {
        var start: Date
        var end: Date
        var result: RunEnd
    }

    var machine: DaemonMachine
    /// The local zone's offset from UTC, in seconds.
    var utcOffset: Int
    /// What the machine recorded, oldest first.
    var moments: [RecordedMoment] = []
    /// The running job.
    var job: Job?
    /// Whether the daemon runs.
    var up = false
    /// Picks a job's end and result when it starts, at its start time.
    let plan: (Date) -> Job

    init(
        setup: DaemonMachine.Setup,
        utcOffset: Int,
        plan: @escaping (Date) -> Job
    ) {
        machine = DaemonMachine(setup: setup)
        self.utcOffset = utcOffset
        self.plan = plan
    }

    /// When the machine next wants to be woken by time, if it is up and waits for one.
    var wakeAt: Date? { up ? machine.waiting?.until : nil }

    /// Whether a reading change now would be heard (the daemon is up).
    var listens: Bool { up }

    /// Starts the daemon at `now` with `readings`, its schedule (and pause) kept from the
    /// last run, as the store keeps them; `paused`: the daemon started paused.
    mutating func start(
        at now: Date,
        readings: Snapshot,
        lastSync: Date?,
        initial: ScheduleState? = nil,
        paused: Bool = false
    ) {
        let last = machine
        machine = DaemonMachine(setup: last.setup)
        up = true
        feed(.readings(readings), at: now)
        if let pause = last.pause ?? (paused ? Pause(since: now) : nil) { feed(.paused(pause), at: now) }
        let persisted = last.phase == .new ? initial : last.schedule
        let lastSuccess = last.phase == .new ? lastSync : last.lastSuccess
        let lastRun = last.phase == .new ? lastSync : last.lastRunStart
        feed(.started(persisted: persisted, lastRun: lastRun, lastSuccess: lastSuccess, jitter: 0), at: now)
    }

    /// Stops the daemon at `now`; a running job is stopped with it.
    mutating func stop(at now: Date) {
        guard up else { return }
        feed(.terminate, at: now)
        up = false
    }

    /// Feeds `event` at `now` and performs what the machine asks, feeding back the job's
    /// start, and its end when it is stopped.
    mutating func feed(_ event: DaemonMachine.Event, at now: Date) {
        var queue = [event]
        while !queue.isEmpty {
            let actions = machine.handle(queue.removeFirst(), at: now, utcOffset: utcOffset)
            for action in actions {
                switch action {
                case .record(let moment):
                    moments.append(moment)
                case .startJob:
                    job = plan(now)
                    queue.append(.jobStarted)
                case .stopJob:
                    job = nil
                    queue.append(.jobEnded(.stopped, jitter: 0))
                default:
                    break
                }
            }
        }
    }

    /// Follows the user's pause as a recorded decision shows it: a decision blamed on the
    /// pause begins one (when none holds), any other decision ends it.
    mutating func followPause(_ moment: RecordedMoment) {
        guard up, moment.kind == .decision else { return }
        let paused = moment.failed == [DaemonMachine.pausedMoment]
        if paused, machine.pause == nil {
            feed(.paused(Pause(since: moment.at)), at: moment.at)
        } else if !paused, machine.pause != nil {
            feed(.pauseLifted, at: moment.at)
        }
    }

    /// Feeds the job's end if it has come by `now`.
    mutating func endJob() {
        guard let job else { return }
        self.job = nil
        feed(.jobEnded(job.result, jitter: 0), at: job.end)
    }
}
