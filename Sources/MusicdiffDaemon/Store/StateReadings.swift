import Foundation
import MusicdiffCore

/// The readings that come from the state store rather than a sensor: the last successful
/// sync (for `min_gap`) and since when a sync has been due (for `max_deferral`).
package struct StateReadings: Sendable {
    /// The last successful sync, or why it is unknown.
    package var lastSync: Reading<LastSync>
    /// Since when the pending sync has been due, as the daemon recorded it.
    package var dueSince: Date?
    /// The daemon's recent ticks, newest first.
    package var history: [TickRecord]
    /// Why the store could not be read, if it could not.
    package var problem: String?
    /// The newest sync run: running now, or how it ended.
    package var run: RunState?
    /// After a resume, the daemon starts no sync before this time.
    package var settleUntil: Date?
    /// The user's pause (`musicdiff pause`), as the store keeps it.
    package var pause: Pause?
    /// When the daemon's next sync falls due, as it last planned.
    package var nextDue: Date?
    /// How many damaged rows of the history were skipped.
    package var damagedRows = 0

    /// Key under which the daemon keeps the moment the pending sync became due.
    static let dueSinceKey = "due_since"

    /// Reads the store at `path`, if there is one. A missing store means no sync yet.
    package static func read(path: String, historyLimit: Int, syncLock: String? = nil) -> StateReadings {
        read(
            opened: Result { () throws(DaemonError) in try StateStore.openForReading(path: path) },
            historyLimit: historyLimit,
            syncLock: syncLock
        )
    }

    /// Reads a store the caller opened (or failed to) with ``StateStore/openForReading(path:)``.
    package static func read(
        opened: Result<StateStore?, DaemonError>,
        historyLimit: Int,
        syncLock: String? = nil,
        daemonRunning: Bool = false
    ) -> StateReadings {
        do throws(DaemonError) {
            guard let store = try opened.get() else {
                return StateReadings(lastSync: .known(.never), dueSince: nil, history: [], problem: nil)
            }
            var readings = try read(store, historyLimit: historyLimit)
            if let syncLock {
                readings.run = try RunState.read(store, syncLock: syncLock, daemonRunning: daemonRunning)
            }
            readings.settleUntil = try store.date(StateStore.Key.settleUntil)
            readings.pause = try store.pause()
            return readings
        } catch {
            return StateReadings(
                lastSync: .unknown(reason: error.description),
                dueSince: nil,
                history: [],
                problem: error.description
            )
        }
    }

    /// Reads an open store.
    package static func read(_ store: StateStore, historyLimit: Int) throws(DaemonError) -> StateReadings {
        let last = try store.lastSuccessfulSync()
        let due = try store.date(dueSinceKey)
        let ticks = historyLimit > 0 ? try store.ticks(limit: historyLimit) : StoredRows()
        var readings = StateReadings(
            lastSync: .known(last.map(LastSync.at) ?? .never),
            dueSince: due,
            history: ticks.values,
            problem: nil
        )
        readings.damagedRows = ticks.damaged
        readings.nextDue = try store.scheduleState()?.nextDue
        return readings
    }
}

extension StateReadings {
    /// Since when a sync is due at `date`: the recorded time, or the planned due time once
    /// `date` has reached it (as the daemon marks it); nil when none is due by then.
    package func dueSince(at date: Date) -> Date? {
        if let dueSince { return dueSince }
        guard let nextDue, date >= nextDue else { return nil }
        return nextDue
    }
}
