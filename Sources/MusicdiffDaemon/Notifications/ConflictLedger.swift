import Foundation
import MusicdiffCore

/// Which of a run's conflicts to announce: a conflict is announced once, and again only once
/// it has been absent from a run (resolved, then back) or ``repeatAfter`` has passed. Pure:
/// the caller gives what was announced when, and the time.
package struct ConflictLedger: Sendable, Equatable {
    /// A conflict's identity.
    package struct Key: Sendable, Hashable {
        /// `track`, `playlist`.
        package var entityType: String
        /// Which one.
        package var entityId: String

        /// The key of `conflict`.
        package init(_ conflict: SyncRun.Conflict) {
            entityType = conflict.entityType
            entityId = conflict.entityId
        }

        /// A key from its parts.
        package init(entityType: String, entityId: String) {
            self.entityType = entityType
            self.entityId = entityId
        }
    }

    /// How long an announcement holds for a conflict that stays.
    package static let repeatAfter: Duration = .seconds(24 * 3600)

    /// The conflicts to announce now, in the run's order.
    package var announce: [SyncRun.Conflict]
    /// The run's conflicts announced already, and not again.
    package var quiet: [SyncRun.Conflict]
    /// Announced conflicts the run no longer reports: resolved, so forgotten.
    package var forget: [Key]

    /// The plan for `result`'s conflicts given `announced` (when each was last announced).
    /// A run that reported no summary says nothing about conflicts, so it forgets none.
    package init(for result: SyncResult, announced: [Key: Date], now: Date) {
        var seen = Set<Key>()
        announce = []
        quiet = []
        for conflict in result.conflicts {
            let key = Key(conflict)
            guard seen.insert(key).inserted else { continue }
            if let at = announced[key], now < at.adding(Self.repeatAfter), at <= now {
                quiet.append(conflict)
            } else {
                announce.append(conflict)
            }
        }
        let reported =
            result.changesApplied != nil || result.failedChanges != nil || !result.conflicts.isEmpty
        forget = reported ? announced.keys.filter { !seen.contains($0) } : []
    }
}
