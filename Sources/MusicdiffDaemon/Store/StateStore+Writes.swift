import Foundation
import GRDB
import MusicdiffCore

extension StateStore {
    /// Records a run; returns its id. Conflicts are stored with it, and `moment` (the sync's
    /// start or end, with its snapshot) in the same transaction.
    @discardableResult
    package func save(_ run: SyncRun, moment: RecordedMoment? = nil) throws(DaemonError) -> Int64 {
        try perform("record a sync run") {
            try database.write { db in
                let id = try Self.write(run, db)
                if let moment {
                    try Self.insert(moment, db)
                    try summarizeRecorded(db)
                }
                return id
            }
        }
    }

    /// Inserts or updates `run` with its conflicts, and prunes, inside the caller's
    /// transaction; returns its id.
    static func write(_ run: SyncRun, _ db: Database) throws -> Int64 {
        let columns: [String: (any DatabaseValueConvertible)?] = [
            "started_at": run.startedAt, "ended_at": run.endedAt, "trigger": run.trigger.rawValue,
            "outcome": run.outcome.rawValue, "exit_status": run.exitStatus,
            "changes_applied": run.changesApplied, "failed_changes": run.failedChanges,
            "message": run.message, "output": run.output,
        ]
        let id: Int64
        if let existing = run.id {
            let sets = columns.keys.map { "\($0) = ?" }.joined(separator: ", ")
            try db.execute(
                sql: "UPDATE sync_run SET \(sets) WHERE id = ?",
                arguments: StatementArguments(Array(columns.values) + [existing])
            )
            try db.execute(sql: "DELETE FROM conflict WHERE run_id = ?", arguments: [existing])
            id = existing
        } else {
            let names = columns.keys.joined(separator: ", ")
            let marks = columns.keys.map { _ in "?" }.joined(separator: ", ")
            try db.execute(
                sql: "INSERT INTO sync_run (\(names)) VALUES (\(marks))",
                arguments: StatementArguments(Array(columns.values))
            )
            id = db.lastInsertedRowID
        }
        for conflict in run.conflicts {
            try db.execute(
                sql: "INSERT INTO conflict (run_id, entity_type, entity_id) VALUES (?, ?, ?)",
                arguments: [id, conflict.entityType, conflict.entityId]
            )
        }
        try db.execute(
            sql: "DELETE FROM sync_run WHERE id <= (SELECT MAX(id) FROM sync_run) - ?",
            arguments: [Self.keptRuns]
        )
        return id
    }

    /// Records every run still marked running as interrupted, ended `at`, with `reason` as its
    /// message; returns how many there were. Called by whoever holds the sync lock, for whom
    /// no other run can be running: such rows were left by a process that died mid-run.
    @discardableResult
    func interruptStaleRuns(at date: Date, reason: String) throws(DaemonError) -> Int {
        try perform("record stale runs as interrupted") {
            try database.write { db in
                try db.execute(
                    sql: "UPDATE sync_run SET outcome = ?, ended_at = COALESCE(ended_at, ?), message = ?"
                        + " WHERE outcome = ?",
                    arguments: [
                        SyncRun.Outcome.interrupted.rawValue, date, reason, SyncRun.Outcome.running.rawValue,
                    ]
                )
                return db.changesCount
            }
        }
    }

    /// Records a tick's decision without its snapshot, pruning as ``record(_:)`` does.
    package func save(_ tick: TickRecord) throws(DaemonError) {
        try record(
            RecordedMoment(
                at: tick.at,
                kind: .decision,
                policy: tick.policy,
                wouldSync: tick.wouldSync,
                failed: tick.failed
            )
        )
    }

    /// Keeps a value between runs of the daemon; nil deletes it.
    package func setValue(_ value: String?, for key: String) throws(DaemonError) {
        try perform("write \(key)") {
            try database.write { db in
                if let value {
                    try db.execute(
                        sql: "INSERT INTO daemon_value (key, value) VALUES (?, ?)"
                            + " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                        arguments: [key, value]
                    )
                } else {
                    try db.execute(sql: "DELETE FROM daemon_value WHERE key = ?", arguments: [key])
                }
            }
        }
    }
}
