import MusicdiffCore

/// The sync job the daemon runs: `sync.command` by default (``CommandSyncEngine``), or any
/// value a library user hands the daemon.
///
/// Cancelling the task that awaits ``sync(_:)`` must stop the job; the result is then
/// ``SyncRun/Outcome/interrupted``. A failed job is a result, not an error.
package protocol SyncEngine: Sendable {
    /// Runs the job once and says how it went.
    func sync(_ request: SyncRequest) async -> SyncResult
}

/// What one run of the sync job is asked to do, and with what.
package struct SyncRequest: Sendable {
    /// Who started the run: `MUSICDIFF_SYNC_TRIGGER` for a command.
    package var trigger: SyncRun.Trigger
    /// `daemon.auto_accept_non_conflicts`: apply changes that conflict with nothing without
    /// asking (`MUSICDIFF_AUTO_ACCEPT_NON_CONFLICTS=1|0`).
    package var autoAcceptNonConflicts: Bool
    /// `daemon.skip_conflicts`: leave conflicts for the user (`musicdiff conflicts`) and sync the rest,
    /// rather than stop at the first one (`MUSICDIFF_SKIP_CONFLICTS=1|0`).
    package var skipConflicts: Bool
    /// The sync lock the caller holds for this run. A job in another process is named in it
    /// once it runs (``CommandSyncEngine`` does so), so that no second job can start beside
    /// it, even if the caller dies.
    package var lock: SyncLock?
    /// Where the daemon asks the job to stop because a `while_running` rule failed; the run
    /// is then ``SyncRun/Outcome/stopped``, with the reason as its message.
    package var control: RunControl
    /// Told the job's pid once it runs (a ``CommandSyncEngine`` job), for the status line.
    var onStart: @Sendable (Int32) -> Void = { _ in }
    /// Told, once the job runs and before ``onStart``, its pid and the priority it runs at in
    /// words (``JobPriority``: `nice 10, I/O idle`, with what the system refused), for the
    /// log's start line.
    var onPriority: @Sendable (_ pid: Int32, _ words: String) -> Void = { _, _ in }
    /// Told each piece of the job's output as it arrives (a ``CommandSyncEngine`` job), for
    /// `musicdiff sync` to show it live on a terminal.
    var onOutput: (@Sendable (JobOutput) -> Void)?
    /// What the daemon saw when it started the run (the readings, how overdue, the relax
    /// step, the deadline, the last stop), for the job's environment.
    package var context = JobContext()

    /// Creates a request.
    package init(
        trigger: SyncRun.Trigger = .daemon,
        autoAcceptNonConflicts: Bool = true,
        skipConflicts: Bool = true,
        lock: SyncLock? = nil,
        control: RunControl = RunControl()
    ) {
        self.trigger = trigger
        self.autoAcceptNonConflicts = autoAcceptNonConflicts
        self.skipConflicts = skipConflicts
        self.lock = lock
        self.control = control
    }
}

extension SyncRequest {
    /// A request for `trigger` with `daemon`'s auto-sync settings.
    package init(
        trigger: SyncRun.Trigger,
        settings daemon: Config.Daemon,
        lock: SyncLock? = nil,
        control: RunControl = RunControl()
    ) {
        self.init(
            trigger: trigger,
            autoAcceptNonConflicts: daemon.autoAcceptNonConflicts,
            skipConflicts: daemon.skipConflicts,
            lock: lock,
            control: control
        )
    }

    /// What a command engine adds to the job's environment: `MUSICDIFF_SYNC_MODE=auto`
    /// (no one is there to ask), the two settings, the trigger and the ``context``.
    package var environment: [String: String] {
        let settings = [
            "MUSICDIFF_SYNC_MODE": "auto",
            "MUSICDIFF_AUTO_ACCEPT_NON_CONFLICTS": autoAcceptNonConflicts ? "1" : "0",
            "MUSICDIFF_SKIP_CONFLICTS": skipConflicts ? "1" : "0",
            "MUSICDIFF_SYNC_TRIGGER": trigger.rawValue,
        ]
        return context.environment.merging(settings) { $1 }
    }
}

extension SyncEngine {
    /// Runs the job once for the daemon, holding no lock: for tests and library users
    /// that keep their own.
    package func sync() async -> SyncResult { await sync(SyncRequest()) }
}
