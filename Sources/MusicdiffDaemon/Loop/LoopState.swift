import Foundation
import MusicdiffCore

/// What the daemon loop takes from its ``Inbox``, one at a time.
enum LoopInput: Sendable {
    /// The timer the loop armed fired (`generation` tells a stale one apart); `target` is the
    /// time it was armed for: a timer that fires before it was woken by a clock change.
    case timer(generation: Int, target: Date)
    /// The sensors' readings changed.
    case sensors
    /// logind announced a suspend.
    case sleeping
    /// The machine resumed; `how` says who saw it (logind, the boot-time clock).
    case resumed(how: String)
    /// SIGHUP: read the config and policy again.
    case reload
    /// The settings in ``DaemonLoop/settings`` were replaced in place (tests): take them.
    case settingsChanged
    /// SIGUSR1: `musicdiff sync` ran the job outside the daemon.
    case outsideRun
    /// SIGUSR2: `musicdiff pause` or `resume` changed the pause in the store.
    case pauseChanged
    /// The job's process started with this pid.
    case jobPid(Int32)
    /// The job ended.
    case jobEnded(SyncResult)
    /// The daemon is to stop.
    case terminate
}

/// The daemon's job while it runs: what performing the machine's actions on it needs.
struct RunningJob {
    /// Its row in the store, filled in as it goes.
    var run: SyncRun
    /// The sync lock, held for the job's life.
    let lock: SyncLock
    /// How the loop asks it to stop.
    let control: RunControl
    /// The task that runs it, once started.
    var task: Task<Void, Never>?
    /// Its process, once spawned.
    var pid: Int32?
    /// What the daemon saw when it started it, for its environment.
    var context = JobContext()
    /// logind's block lock on idle, held for its life under `while_running.keep_awake`.
    var awake: (any SleepHold)?
}

/// A run asked for once (`musicdiff sync`), driven through the daemon's machine: who asked,
/// the sync lock the command took, and how it came out.
struct OnceRun {
    /// `manual` or `forced`.
    let trigger: SyncRun.Trigger
    /// The sync lock, taken by the command before anything else.
    let lock: SyncLock
    /// The job's result, once it ended.
    var result: SyncResult?
    /// The decision that kept the sync from starting, when the policy did.
    var blocked: Decision?
    /// The pause that kept the sync from starting, when one did.
    var paused: Pause?
}

/// The loop's own bookkeeping beside the machine: how to perform what the machine decides,
/// never what to decide. Local to ``DaemonLoop/loop()``, so nothing else can change it.
struct LoopState {
    /// What the daemon does next.
    var machine: DaemonMachine
    /// A run asked for once, when the loop drives one for `musicdiff sync`; nil in the daemon.
    var once: OnceRun?
    /// The job, while it runs.
    var job: RunningJob?
    /// A run that ended, until its end is recorded.
    var ended: SyncRun?
    /// Logind's sleep delay lock, while held for the job.
    var sleepHold: (any SleepHold)?
    /// What holds the sync lock, when the machine waits for it.
    var lockHolder: RunningProcess?
    /// The armed timer: its task, the time it was armed for and its generation.
    var timer: (task: Task<Void, Never>, target: Date, generation: Int)?
    /// The last timer's generation.
    var generation = 0
    /// A schedule the store refused, to write again.
    var unsavedSchedule: ScheduleState?
    /// The blockers the log last named, so that an unchanged decision logs at debug.
    var lastBlockers: [String]?
    /// The words of the hold after a stop, as last said.
    var held: String?
    /// Whether the log said that a stop's hold keeps an allowed sync from starting.
    var heldLogged = false
    /// The settle end last written to the store; nil before the first write.
    var settleRecorded: Date??
    /// `CLOCK_BOOTTIME` minus `CLOCK_MONOTONIC` at the last look: grows only across a suspend.
    var suspendedSoFar: Duration
    /// The newest outside run taken, so that a repeated signal takes it once.
    var outsideSeen: Int64?
    /// When the memory was last trimmed whole.
    var trimmedAt = Date.distantPast
    /// The memory trimmer.
    var memory = ResidentMemory()
    /// When the last overdue alert went: read from the store at start, then kept here, so that
    /// a store refusing the write sends no second alert the same day.
    var overdueAlertedAt: Date?
    /// When the first recorded run started, while no sync has succeeded: the overdue alert
    /// counts from it.
    var firstRun: Date?

    init(machine: DaemonMachine, suspendedSoFar: Duration) {
        self.machine = machine
        self.suspendedSoFar = suspendedSoFar
    }
}
