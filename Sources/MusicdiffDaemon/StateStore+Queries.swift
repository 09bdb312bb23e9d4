import Foundation
import GRDB
import MusicdiffCore

extension StateStore {
    /// A date column (GRDB's text, UTC, to the millisecond) as seconds since 1970, computed by
    /// SQLite: GRDB's own decoding goes through a `Calendar`, whose ICU data a one-shot command
    /// would load for it and a tick would run.
    static func seconds(_ column: String) -> String { "(julianday(\(column)) - 2440587.5) * 86400.0" }

    /// The date a ``seconds(_:)`` column gives, to the millisecond as stored; nil for one that
    /// is not a time from 1970 through 9999 (``OutsideNumber/time``).
    static func date(_ seconds: Double?) -> Date? {
        seconds.flatMap { try? OutsideNumber.time.check($0).get() }
            .map { Date(timeIntervalSince1970: ($0 * 1000).rounded() / 1000) }
    }

    /// The same for a `NOT NULL` column: text SQLite cannot read as a date gives 1970, not a
    /// crash.
    static func date(required seconds: Double?) -> Date { date(seconds) ?? Date(timeIntervalSince1970: 0) }

    /// When the last successful (or partial) sync ended; nil when none is recorded.
    public func lastSuccessfulSync() throws(DaemonError) -> Date? {
        let outcomes = SyncRun.Outcome.allCases.filter(\.isSuccess).map(\.rawValue)
        return try perform("read the last sync") {
            try database.read { db in
                Self.date(
                    try Double.fetchOne(
                        db,
                        sql: "SELECT \(Self.seconds("ended_at")) FROM sync_run WHERE outcome IN ("
                            + outcomes.map { _ in "?" }.joined(separator: ",")
                            + ") AND ended_at IS NOT NULL ORDER BY ended_at DESC LIMIT 1",
                        arguments: StatementArguments(outcomes)
                    )
                )
            }
        }
    }

    /// The most recent runs, newest first.
    public func recentRuns(limit: Int) throws(DaemonError) -> [SyncRun] {
        try perform("read sync runs") {
            try database.read { db in
                let rows = try Row.fetchAll(
                    db,
                    sql:
                        "SELECT *, \(Self.seconds("started_at")) AS started, \(Self.seconds("ended_at")) AS ended"
                        + " FROM sync_run ORDER BY id DESC LIMIT ?",
                    arguments: [limit]
                )
                return try rows.map { row in
                    let id: Int64 = row["id"]
                    let conflicts = try Row.fetchAll(
                        db,
                        sql: "SELECT entity_type, entity_id FROM conflict WHERE run_id = ? ORDER BY id",
                        arguments: [id]
                    ).map { SyncRun.Conflict(entityType: $0["entity_type"], entityId: $0["entity_id"]) }
                    return SyncRun(
                        id: id,
                        startedAt: Self.date(required: row["started"]),
                        endedAt: Self.date(row["ended"]),
                        trigger: SyncRun.Trigger(rawValue: row["trigger"]) ?? .daemon,
                        outcome: SyncRun.Outcome(rawValue: row["outcome"]) ?? .failed,
                        exitStatus: row["exit_status"],
                        changesApplied: row["changes_applied"],
                        failedChanges: row["failed_changes"],
                        message: row["message"],
                        conflicts: conflicts
                    )
                }
            }
        }
    }

    /// The most recent tick decisions, newest first.
    public func recentTicks(limit: Int) throws(DaemonError) -> [TickRecord] {
        try perform("read tick history") {
            try database.read { db in
                try Row.fetchAll(
                    db,
                    sql: "SELECT \(Self.seconds("at")) AS seconds, would_sync, failed, policy FROM tick"
                        + " WHERE kind = ? ORDER BY id DESC LIMIT ?",
                    arguments: [RecordedMoment.Kind.decision.rawValue, limit]
                )
                .map {
                    let failed: String = $0["failed"]
                    return TickRecord(
                        at: Self.date(required: $0["seconds"]),
                        wouldSync: $0["would_sync"],
                        failed: failed.split(separator: ",").map(String.init),
                        policy: $0["policy"]
                    )
                }
            }
        }
    }

    /// A value the daemon keeps between runs (its schedule), or nil.
    public func value(_ key: String) throws(DaemonError) -> String? {
        try perform("read \(key)") {
            try database.read {
                try String.fetchOne($0, sql: "SELECT value FROM daemon_value WHERE key = ?", arguments: [key])
            }
        }
    }
}
