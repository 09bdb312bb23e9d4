/// The sync job the daemon runs: `sync.command` by default (``CommandSyncEngine``), or any
/// value a library user hands the daemon.
///
/// Cancelling the task that awaits ``sync(_:)`` must stop the job; the result is then
/// ``SyncRun/Outcome/interrupted``. A failed job is a result, not an error.
public protocol SyncEngine: Sendable {
    /// Runs the job once and says how it went.
    func sync(_ request: SyncRequest) async -> SyncResult
}

/// What one run of the sync job is asked to do, and with what.
public struct SyncRequest: Sendable {
    /// Who started the run.
    public var trigger: SyncRun.Trigger
    /// The sync lock the caller holds for this run. A job in another process should keep it
    /// for as long as it runs (``CommandSyncEngine`` hands it over as the job's standard
    /// input), so that no second job can start beside it, even if the caller dies.
    public var lock: PidLock?

    /// Creates a request.
    public init(trigger: SyncRun.Trigger = .daemon, lock: PidLock? = nil) {
        self.trigger = trigger
        self.lock = lock
    }
}

extension SyncEngine {
    /// Runs the job once for the daemon, holding no lock: for tests and library users
    /// that keep their own.
    public func sync() async -> SyncResult { await sync(SyncRequest()) }
}
