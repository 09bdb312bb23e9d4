import Foundation
import GRDB
import MusicdiffCore

extension StateStore {
    /// Keeps the prediction's summary (``PredictionSummary``) for `policy` from now on: when
    /// the store's is for another policy (or there is none), it is made again from the rows of
    /// the last ``Prediction/days`` days, once; then each moment recorded adds to it, in the
    /// same transaction. The daemon calls it as it starts and when it reloads; nil: the
    /// moments recorded from now on are not summed up (outside smart mode).
    package func summarize(for policy: Policy?, now: Date) throws(DaemonError) {
        guard let policy else { return summarized.withLock { $0 = nil } }
        let key = policy.yaml
        summarized.withLock { $0 = (policy, key) }
        try perform("summarize the history for the prediction") {
            try database.write { db in
                let stored = try String.fetchOne(db, sql: "SELECT policy FROM prediction_summary")
                if stored != key {
                    let start = now.addingTimeInterval(-Double(Prediction.days) * 86_400)
                    try db.execute(sql: "DELETE FROM prediction_summary")
                    try db.execute(sql: "DELETE FROM prediction_day")
                    try db.execute(sql: "DELETE FROM prediction_slot")
                    // Every row from the start of the window on is still to be added.
                    try db.execute(
                        sql: "INSERT INTO prediction_summary (id, policy, last_id)"
                            + " VALUES (1, ?, COALESCE((SELECT MAX(id) FROM tick WHERE at < ?), 0))",
                        arguments: [key, start]
                    )
                }
                try Self.summarizeNew(policy, key: key, db)
            }
        }
    }

    /// Adds the moments recorded since the summary's newest to it, inside the caller's
    /// transaction, when the summary is for the policy ``summarize(for:now:)`` was given:
    /// one row a tick.
    func summarizeRecorded(_ db: Database) throws {
        guard let (policy, key) = summarized.withLock({ $0 }) else { return }
        try Self.summarizeNew(policy, key: key, db)
    }

    /// Adds the rows after the summary's newest to the stored summary, if it is `key`'s:
    /// upserts the days and half hours they touch, moves the newest, forgets old days.
    static func summarizeNew(_ policy: Policy, key: String, _ db: Database) throws {
        guard let stored = try storedSummary(db), stored.key == key else { return }
        var added = PredictionSummary(last: stored.summary.last)
        var lastID = stored.lastID
        for (moment, id) in try rows(after: lastID, db) {
            added.add(moment, passed: Prediction.passes(policy, moment))
            lastID = max(lastID, id)
        }
        guard lastID != stored.lastID, let last = added.last else { return }
        for (day, at) in added.days {
            try db.execute(
                sql: "INSERT INTO prediction_day (day, at) VALUES (?, ?)"
                    + " ON CONFLICT (day) DO UPDATE SET at = MAX(at, excluded.at)",
                arguments: [day, at.timeIntervalSince1970]
            )
        }
        for (slot, at) in added.slots {
            try db.execute(
                sql: "INSERT INTO prediction_slot (day, half, at) VALUES (?, ?, ?)"
                    + " ON CONFLICT (day, half) DO UPDATE SET at = MAX(at, excluded.at)",
                arguments: [slot.day, slot.half, at.timeIntervalSince1970]
            )
        }
        try db.execute(
            sql:
                "UPDATE prediction_summary SET last_id = ?, last_at = ?, last_utc_offset = ?, last_passed = ?",
            arguments: [lastID, last.at.timeIntervalSince1970, last.utcOffset, last.passed]
        )
        // A day more than the window: the window's first day may have begun before it.
        let oldest = Prediction.day(last.at, last.utcOffset) - Prediction.days - 1
        try db.execute(sql: "DELETE FROM prediction_day WHERE day < ?", arguments: [oldest])
        try db.execute(sql: "DELETE FROM prediction_slot WHERE day < ?", arguments: [oldest])
    }

    /// The stored summary, its policy's key and the id of its newest row; nil when there is
    /// none (or the store predates it).
    static func storedSummary(
        _ db: Database
    ) throws -> (summary: PredictionSummary, key: String, lastID: Int64)? {
        guard try db.tableExists("prediction_summary"),
            let row = try Row.fetchOne(
                db,
                sql: "SELECT policy, last_id, last_at, last_utc_offset, last_passed FROM prediction_summary"
            )
        else { return nil }
        var summary = PredictionSummary()
        if let at: Double = row[2], let offset: Int = row[3], let passed: Bool = row[4] {
            summary.last = .init(at: Date(timeIntervalSince1970: at), utcOffset: offset, passed: passed)
        }
        for day in try Row.fetchAll(db, sql: "SELECT day, at FROM prediction_day") {
            summary.days[day[0]] = Date(timeIntervalSince1970: day[1])
        }
        for slot in try Row.fetchAll(db, sql: "SELECT day, half, at FROM prediction_slot") {
            summary.slots[.init(day: slot[0], half: slot[1])] = Date(timeIntervalSince1970: slot[2])
        }
        return (summary, row[0], row[1])
    }

    /// The moments recorded after row `id`, oldest first, with their row ids; damaged rows
    /// are left out. Read by id, which the table's key finds at once (ordered by `at`, SQLite
    /// would walk its index of every row), then put in time order.
    static func rows(after id: Int64, _ db: Database) throws -> [(RecordedMoment, Int64)] {
        let columns = MomentRow.columns(readings: true)
        var cache = MomentRow.Cache()
        var moments: [(RecordedMoment, Int64)] = []
        let rows = try Row.fetchCursor(
            db,
            sql: "SELECT \(columns), id FROM tick WHERE id > ? ORDER BY id",
            arguments: [id]
        )
        while let row = try rows.next() {
            guard let moment = try? MomentRow.moment(RowReader(row: row), &cache) else { continue }
            moments.append((moment, row[row.count - 1]))
        }
        // Stable: moments of the same time stay in the order they were written.
        return moments.enumerated().sorted { ($0.element.0.at, $0.offset) < ($1.element.0.at, $1.offset) }
            .map(\.element)
    }
}
