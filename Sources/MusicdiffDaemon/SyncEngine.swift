/// The sync job the daemon runs: `sync.command` by default (``CommandSyncEngine``), or any
/// value a library user hands the daemon.
///
/// Cancelling the task that awaits ``sync()`` must stop the job; the result is then
/// ``SyncRun/Outcome/interrupted``. A failed job is a result, not an error.
public protocol SyncEngine: Sendable {
    /// Runs the job once and says how it went.
    func sync() async -> SyncResult
}
