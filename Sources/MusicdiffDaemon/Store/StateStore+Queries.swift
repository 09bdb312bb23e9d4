import Foundation
import GRDB
import MusicdiffCore

extension StateStore {
    /// A date column (GRDB's text, UTC, to the millisecond) as seconds since 1970, computed by
    /// SQLite: GRDB's own decoding goes through a `Calendar`, whose ICU data a one-shot command
    /// would load for it and a tick would run.
    static func seconds(_ column: String) -> String { "(julianday(\(column)) - 2440587.5) * 86400.0" }

    /// When the last successful (or partial) sync ended (before `moment`, when given); nil
    /// when none is recorded.
    package func lastSuccessfulSync(before moment: Date? = nil) throws(DaemonError) -> Date? {
        let outcomes = SyncRun.Outcome.allCases.filter(\.isSuccess).map(\.rawValue)
        return try perform("read the last sync") {
            try database.read { db in
                try Row.fetchOne(
                    db,
                    sql: "SELECT \(Self.seconds("ended_at")) FROM sync_run WHERE outcome IN ("
                        + outcomes.map { _ in "?" }.joined(separator: ",")
                        + ") AND julianday(ended_at) IS NOT NULL"
                        + (moment == nil ? "" : " AND julianday(ended_at) <= julianday(?)")
                        + " ORDER BY ended_at DESC LIMIT 1",
                    arguments: StatementArguments(outcomes) + StatementArguments(moment.map { [$0] } ?? [])
                ).flatMap { try? RowReader(row: $0).date(0) }
            }
        }
    }

    /// When the first recorded run started; nil when none is.
    func firstRunStart() throws(DaemonError) -> Date? {
        try firstDate(
            "read the first run",
            "SELECT \(Self.seconds("started_at")) FROM sync_run"
                + " WHERE julianday(started_at) IS NOT NULL ORDER BY started_at LIMIT 1"
        )
    }

    /// The date in the first column of the first row `sql` gives (seconds since 1970); nil when
    /// there is none or it cannot be read. `what` words a failure (`read the first run`).
    func firstDate(_ what: String, _ sql: String) throws(DaemonError) -> Date? {
        try perform(what) {
            try database.read { db in
                try Row.fetchOne(db, sql: sql).flatMap { try? RowReader(row: $0).date(0) }
            }
        }
    }

    /// How many rows past a damaged one a read of the newest `limit` looks at, at most.
    static let damagedSlack = 1_000

    /// `limit` rows and the slack, as a query's `LIMIT` (which any `--history N` fits).
    static func withSlack(_ limit: Int) -> Int { min(max(limit, 0), Int.max - damagedSlack) + damagedSlack }

    /// The most recent runs, newest first; damaged rows are skipped.
    package func recentRuns(limit: Int) throws(DaemonError) -> [SyncRun] { try runs(limit: limit).values }

    /// The most recent runs that can be read, newest first, and how many damaged rows were
    /// skipped on the way.
    package func runs(limit: Int) throws(DaemonError) -> StoredRows<SyncRun> {
        try perform("read sync runs") {
            try database.read { db in
                var runs = StoredRows<SyncRun>()
                let rows = try Row.fetchCursor(
                    db,
                    sql:
                        "SELECT id, \(Self.seconds("started_at")), \(Self.seconds("ended_at")), trigger, outcome,"
                        + " exit_status, changes_applied, failed_changes, message, output FROM sync_run"
                        + " ORDER BY id DESC LIMIT ?",
                    arguments: [Self.withSlack(limit)]
                )
                while runs.values.count < limit, let row = try rows.next() {
                    runs.add(row) { row throws(DamagedRow) in try Self.run(row) }
                }
                for index in runs.values.indices {
                    let conflicts = try Row.fetchAll(
                        db,
                        sql: "SELECT entity_type, entity_id FROM conflict WHERE run_id = ? ORDER BY id",
                        arguments: [runs.values[index].id]
                    )
                    var read = StoredRows<SyncRun.Conflict>()
                    for row in conflicts {
                        read.add(row) { row throws(DamagedRow) in
                            SyncRun.Conflict(entityType: try row.text(0), entityId: try row.text(1))
                        }
                    }
                    runs.values[index].conflicts = read.values
                    runs.damaged += read.damaged
                }
                return runs
            }
        }
    }

    /// The ranges a run's numbers must lie in.
    static let counts = 0...Int(Int32.max)
    static let exitStatuses = Int(Int32.min)...Int(Int32.max)

    /// The run a `sync_run` row read by ``runs(limit:)`` holds.
    static func run(_ row: RowReader) throws(DamagedRow) -> SyncRun {
        var run = SyncRun(
            id: Int64(try row.int(0, in: 1...Int.max)),
            startedAt: try row.date(1),
            endedAt: try row.optionalDate(2),
            trigger: try row.named(3),
            outcome: try row.named(4),
            exitStatus: try row.optionalInt(5, in: exitStatuses),
            changesApplied: try row.optionalInt(6, in: counts),
            failedChanges: try row.optionalInt(7, in: counts),
            message: try row.optionalText(8)
        )
        run.output = try row.optionalText(9)
        return run
    }

    /// The most recent tick decisions, newest first; damaged rows are skipped.
    package func recentTicks(limit: Int) throws(DaemonError) -> [TickRecord] {
        try ticks(limit: limit).values
    }

    /// The most recent tick decisions that can be read, newest first, and how many damaged
    /// rows were skipped on the way.
    package func ticks(limit: Int) throws(DaemonError) -> StoredRows<TickRecord> {
        try perform("read tick history") {
            try database.read { db in
                var ticks = StoredRows<TickRecord>()
                let rows = try Row.fetchCursor(
                    db,
                    sql: "SELECT \(Self.seconds("at")), would_sync, failed, policy FROM tick"
                        + " WHERE kind = ? ORDER BY id DESC LIMIT ?",
                    arguments: [RecordedMoment.Kind.decision.rawValue, Self.withSlack(limit)]
                )
                while ticks.values.count < limit, let row = try rows.next() {
                    ticks.add(row) { row throws(DamagedRow) in
                        TickRecord(
                            at: try row.date(0),
                            wouldSync: try row.bool(1),
                            failed: try row.text(2).split(separator: ",").map(String.init),
                            policy: try row.text(3)
                        )
                    }
                }
                return ticks
            }
        }
    }

    /// A value the daemon keeps between runs (its schedule), or nil.
    package func value(_ key: String) throws(DaemonError) -> String? {
        try perform("read \(key)") {
            try database.read {
                try String.fetchOne($0, sql: "SELECT value FROM daemon_value WHERE key = ?", arguments: [key])
            }
        }
    }
}
