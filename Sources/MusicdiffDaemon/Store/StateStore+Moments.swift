import Foundation
import GRDB
import MusicdiffCore

extension StateStore {
    /// Records a moment of history (a decision and its snapshot, a sync's or the daemon's
    /// start or stop) in one transaction with the pruning (rows older than ``keptHistory`` and
    /// beyond ``keptTicks`` go) and the prediction's summary (``summarize(for:now:)``).
    package func record(_ moment: RecordedMoment) throws(DaemonError) {
        try perform("record a tick") {
            try database.write { db in
                try Self.insert(moment, db)
                try summarizeRecorded(db)
            }
        }
    }

    /// Inserts `moment` and prunes, inside the caller's transaction.
    static func insert(_ moment: RecordedMoment, _ db: Database) throws {
        let arguments = MomentRow.arguments(moment)
        try db.execute(
            sql: MomentRow.insert,
            arguments: arguments
        )
        try db.execute(
            sql: "DELETE FROM tick WHERE id <= (SELECT MAX(id) FROM tick) - ? OR at < ?",
            arguments: [keptTicks, CivilTime.storageText(moment.at.adding(.zero - keptHistory))]
        )
    }

    /// The recorded moments from `start` on that can be read, as ``momentRows(from:readings:limit:)``
    /// reads them.
    package func moments(from start: Date, readings: Bool = true) throws(DaemonError) -> [RecordedMoment] {
        try momentRows(from: start, readings: readings).values
    }

    /// The recorded moments from `start` on, oldest first, with the last one before them
    /// (it says what state the daemon was in when the span began), at most the newest
    /// `limit` of them (the daemon keeps no more; a store from elsewhere may hold more),
    /// with how many damaged rows were skipped. Without `readings`, their snapshots'
    /// readings are left unknown (the history does not need them).
    package func momentRows(
        from start: Date,
        readings: Bool = true,
        limit: Int = keptTicks
    ) throws(DaemonError) -> StoredRows<RecordedMoment> {
        try perform("read the recorded history") {
            try database.read { db in
                let columns = MomentRow.columns(readings: readings)
                var cache = MomentRow.Cache()
                var moments = StoredRows<RecordedMoment>()
                // The row just before the newest `limit`: the span starts after it.
                let cut = try Row.fetchOne(
                    db,
                    sql: "SELECT at, id FROM tick WHERE at >= ? ORDER BY at DESC, id DESC LIMIT 1 OFFSET ?",
                    arguments: [start, max(limit, 1)]
                )
                let previous: (String, StatementArguments)
                let window: (String, StatementArguments)
                if let cut {
                    let (at, id) = (cut[0] as DatabaseValue, cut[1] as DatabaseValue)
                    previous = ("id = ?", [id])
                    window = ("at >= ? AND (at, id) > (?, ?)", [start, at, id])
                } else {
                    previous = ("at < ?", [start])
                    window = ("at >= ?", [start])
                }
                moments.limited = cut != nil
                for row in try Row.fetchAll(
                    db,
                    sql: "SELECT \(columns) FROM tick WHERE \(previous.0) ORDER BY at DESC, id DESC LIMIT 1",
                    arguments: previous.1
                ) {
                    moments.add(row) { row throws(DamagedRow) in try MomentRow.moment(row, &cache) }
                }
                let rows = try Row.fetchCursor(
                    db,
                    sql: "SELECT \(columns) FROM tick WHERE \(window.0) ORDER BY at, id",
                    arguments: window.1
                )
                while let row = try rows.next() {
                    moments.add(row) { row throws(DamagedRow) in try MomentRow.moment(row, &cache) }
                }
                return moments
            }
        }
    }

    /// When the newest moment whose time can be read was recorded; nil when none can.
    package func newestMoment() throws(DaemonError) -> Date? {
        try firstDate(
            "read the recorded history",
            "SELECT \(Self.seconds("at")) FROM tick WHERE julianday(at) IS NOT NULL ORDER BY at DESC, id DESC LIMIT 1"
        )
    }

    /// How many sync runs a read takes at most: the daemon keeps ``keptRuns``.
    static let readRuns = 10 * keptRuns

    /// The sync runs that can be read, as ``recordedRunRows(from:)`` reads them.
    package func recordedRuns(from start: Date) throws(DaemonError) -> [RecordedRun] {
        try recordedRunRows(from: start).values
    }

    /// The sync runs that ended at or after `start` (or still run), oldest first, as the
    /// history draws them: the newest ``readRuns`` at most, and how many damaged rows were
    /// skipped.
    package func recordedRunRows(from start: Date) throws(DaemonError) -> StoredRows<RecordedRun> {
        try perform("read sync runs") {
            try database.read { db in
                var runs = StoredRows<RecordedRun>()
                let rows = try Row.fetchCursor(
                    db,
                    sql: "SELECT * FROM (SELECT \(Self.seconds("started_at")), \(Self.seconds("ended_at")),"
                        + " trigger, outcome, started_at, id FROM sync_run"
                        + " WHERE ended_at IS NULL OR ended_at >= ? ORDER BY started_at DESC, id DESC LIMIT ?)"
                        + " ORDER BY started_at, id",
                    arguments: [start, Self.readRuns]
                )
                while let row = try rows.next() {
                    runs.add(row) { row throws(DamagedRow) in
                        let outcome: SyncRun.Outcome = try row.named(3)
                        let trigger: SyncRun.Trigger = try row.named(2)
                        return RecordedRun(
                            start: try row.date(0),
                            end: try row.optionalDate(1),
                            result: outcome.runEnd,
                            byDaemon: trigger == .daemon
                        )
                    }
                }
                return runs
            }
        }
    }
}

extension SyncRun.Outcome {
    /// How the history draws the outcome; nil while the run is running.
    package var runEnd: RunEnd? {
        switch self {
        case .running: nil
        case .success, .partial: .synced
        case .stopped: .stopped
        case .failed, .crashed, .timedOut, .interrupted, .notStarted: .failed
        }
    }
}

extension StateStore {
    /// Records simulated moments as the daemon would (a run row with each sync's start and
    /// end, in one transaction with it), all in one transaction, with the schedule and time
    /// zone the daemon keeps: for `simulate-history`.
    package func recordSimulated(
        _ moments: [RecordedMoment],
        schedule: String,
        timeZone: TimeZone
    ) throws(DaemonError) {
        try setValue(schedule, for: Key.plannedFor)
        try setValue(timeZone.identifier, for: Key.timeZone)
        try perform("record the simulated history") {
            try database.write { db in
                var run: SyncRun?
                for moment in moments {
                    switch moment.kind {
                    case .syncStart:
                        var started = SyncRun(startedAt: moment.at, trigger: .daemon, outcome: .running)
                        started.id = try Self.write(started, db)
                        run = started
                    case .syncEnd:
                        run?.endedAt = moment.at
                        run?.outcome =
                            moment.runEnd == .stopped
                            ? .stopped : moment.runEnd == .synced ? .success : .failed
                        if let run { _ = try Self.write(run, db) }
                    default:
                        break
                    }
                    try Self.insert(moment, db)
                }
                try summarizeRecorded(db)
            }
        }
    }
}
