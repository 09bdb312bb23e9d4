import Foundation

/// The conflicts the user must still resolve, from the recorded runs: those the last run that
/// reported on conflicts listed, each with when it was first reported in the unbroken line of
/// reports that listed it (a conflict absent from a report was resolved; back again, it is new).
/// Pure: the caller reads the runs. `musicdiff conflicts` shows it.
package struct OpenConflicts: Sendable, Equatable {
    /// One unresolved conflict.
    package struct Entry: Sendable, Equatable {
        /// The conflict.
        package var conflict: SyncRun.Conflict
        /// When the first run of the unbroken line that listed it ended.
        package var firstReported: Date
        /// When the last run that listed it ended.
        package var lastReported: Date

        /// An entry from its parts.
        package init(conflict: SyncRun.Conflict, firstReported: Date, lastReported: Date) {
            self.conflict = conflict
            self.firstReported = firstReported
            self.lastReported = lastReported
        }
    }

    /// The unresolved conflicts, in the last report's order.
    package var entries: [Entry]
    /// When the last run that reported on conflicts ended; nil when no run has.
    package var lastReport: Date?

    /// The open conflicts of `runs`, newest first (as ``StateStore/runs(limit:)`` reads them).
    /// A run without a summary (it failed before one, or still runs) says nothing about
    /// conflicts and is passed over.
    package init(runs: [SyncRun]) {
        let reports = runs.filter(\.reportsConflicts)
        guard let last = reports.first else {
            entries = []
            lastReport = nil
            return
        }
        lastReport = last.reportedAt
        var seen = Set<ConflictLedger.Key>()
        entries = []
        for conflict in last.conflicts where seen.insert(ConflictLedger.Key(conflict)).inserted {
            let key = ConflictLedger.Key(conflict)
            let line = reports.prefix { run in run.conflicts.contains { ConflictLedger.Key($0) == key } }
            entries.append(
                Entry(
                    conflict: conflict,
                    firstReported: line.last?.reportedAt ?? last.reportedAt,
                    lastReported: last.reportedAt
                )
            )
        }
    }
}

extension SyncRun {
    /// Whether the run's summary said which conflicts there are (an empty list included).
    var reportsConflicts: Bool { changesApplied != nil || failedChanges != nil || !conflicts.isEmpty }

    /// When the run's report came: its end, or its start while none is recorded.
    var reportedAt: Date { endedAt ?? startedAt }
}
