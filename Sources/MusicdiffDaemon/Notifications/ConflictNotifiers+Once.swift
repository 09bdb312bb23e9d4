import Foundation
import MusicdiffCore

extension ConflictNotifiers {
    /// What ``announceOnce(_:settings:store:now:make:)`` did.
    package struct Outcome: Sendable {
        /// One report per notifier (none when nothing was sent).
        package var reports: [Report]
        /// The run's conflicts not announced again: announced less than 24 h ago.
        package var quiet: [SyncRun.Conflict]
    }

    /// Announces those of `result`'s conflicts that `store` does not hold as announced (see
    /// ``ConflictLedger``); a run whose conflicts were all announced sends nothing. Forgets
    /// the conflicts the run no longer reports, and marks the announced ones once a notifier
    /// took them (when every notifier failed, the next run tries again). A store that cannot
    /// be read announces them all.
    package static func announceOnce(
        _ result: SyncResult,
        settings daemon: Config.Daemon,
        store: StateStore,
        now: Date,
        make: @Sendable (Config.Daemon) -> [any ConflictNotifier] = make(for:)
    ) async -> Outcome {
        guard daemon.notifyOnConflicts else { return Outcome(reports: [], quiet: []) }
        let ledger = ConflictLedger(
            for: result,
            announced: (try? store.announcedConflicts()) ?? [:],
            now: now
        )
        var fresh = result
        fresh.conflicts = ledger.announce
        let reports = await announce(fresh, settings: daemon, make: make)
        try? store.keep(ledger, announced: reports.contains { $0.error == nil }, at: now)
        return Outcome(reports: reports, quiet: ledger.quiet)
    }
}
