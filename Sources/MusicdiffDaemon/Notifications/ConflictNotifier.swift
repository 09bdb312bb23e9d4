/// Tells the user that a sync left conflicts to resolve (`musicdiff conflicts` lists them):
/// by e-mail (``EmailNotifier``), on the desktop (``DesktopNotifier``), or any way a library user likes.
///
/// A notifier that cannot deliver throws a one-line ``DaemonError``; the daemon logs it as a
/// warning and carries on, since a lost notification never fails a sync.
package protocol ConflictNotifier: Sendable {
    /// Notifies of `conflicts` (never empty), returning once the message is handed over.
    func notify(conflicts: [SyncRun.Conflict]) async throws(DaemonError)
}

extension DaemonError {
    /// A notification that could not be delivered: `what` failed (`cannot send the conflict
    /// e-mail via smtp.example.com:465`) because of `why` (`Login denied`).
    ///
    /// Carried as ``io(path:reason:)``, whose description is `what: why`.
    static func notification(_ what: String, _ why: String) -> DaemonError {
        .io(path: what, reason: why)
    }
}
