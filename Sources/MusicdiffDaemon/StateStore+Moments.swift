import Foundation
import GRDB
import MusicdiffCore

extension StateStore {
    /// Records a moment of history (a decision and its snapshot, a sync's or the daemon's
    /// start or stop) in one transaction with the pruning: rows older than ``keptHistory`` and
    /// beyond ``keptTicks`` go.
    public func record(_ moment: RecordedMoment) throws(DaemonError) {
        try perform("record a tick") {
            try database.write { db in try Self.insert(moment, db) }
        }
    }

    /// Inserts `moment` and prunes, inside the caller's transaction.
    static func insert(_ moment: RecordedMoment, _ db: Database) throws {
        let arguments = MomentRow.arguments(moment)
        try db.execute(
            sql: "INSERT INTO tick (at, would_sync, failed, policy, kind, utc_offset, due_since, idle_for,"
                + " network, ssid, load1, cpus, on_battery, battery_percent, run_end)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            arguments: arguments
        )
        try db.execute(
            sql: "DELETE FROM tick WHERE id <= (SELECT MAX(id) FROM tick) - ? OR at < ?",
            arguments: [keptTicks, CivilTime.storageText(moment.at.adding(.zero - keptHistory))]
        )
    }

    /// The recorded moments from `start` on, oldest first, with the last one before `start`
    /// (it says what state the daemon was in when the span began); without `readings`, their
    /// snapshots' readings are left unknown (the history does not need them).
    public func moments(from start: Date, readings: Bool = true) throws(DaemonError) -> [RecordedMoment] {
        try perform("read the recorded history") {
            try database.read { db in
                let columns = MomentRow.columns(readings: readings)
                var cache = MomentRow.Cache()
                var moments = try Row.fetchAll(
                    db,
                    sql: "SELECT \(columns) FROM tick WHERE at < ? ORDER BY at DESC, id DESC LIMIT 1",
                    arguments: [start]
                ).map { MomentRow.moment($0, &cache) }
                let rows = try Row.fetchCursor(
                    db,
                    sql: "SELECT \(columns) FROM tick WHERE at >= ? ORDER BY at, id",
                    arguments: [start]
                )
                while let row = try rows.next() { moments.append(MomentRow.moment(row, &cache)) }
                return moments
            }
        }
    }

    /// The sync runs that ended at or after `start` (or still run), oldest first, as the
    /// history draws them.
    public func recordedRuns(from start: Date) throws(DaemonError) -> [RecordedRun] {
        try perform("read sync runs") {
            try database.read { db in
                try Row.fetchAll(
                    db,
                    sql:
                        "SELECT \(Self.seconds("started_at")), \(Self.seconds("ended_at")), trigger, outcome FROM sync_run"
                        + " WHERE ended_at IS NULL OR ended_at >= ? ORDER BY started_at, id",
                    arguments: [start]
                ).map { row in
                    let outcome = SyncRun.Outcome(rawValue: row["outcome"]) ?? .failed
                    return RecordedRun(
                        start: Self.date(required: row[0]),
                        end: Self.date(row[1]),
                        result: outcome.runEnd,
                        byDaemon: row["trigger"] == SyncRun.Trigger.daemon.rawValue
                    )
                }
            }
        }
    }
}

extension SyncRun.Outcome {
    /// How the history draws the outcome; nil while the run is running.
    public var runEnd: RunEnd? {
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
    public func recordSimulated(
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
            }
        }
    }
}
