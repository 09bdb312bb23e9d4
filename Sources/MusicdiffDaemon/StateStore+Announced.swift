import Foundation
import GRDB

extension StateStore {
    /// When each conflict still held to be announced was last announced.
    public func announcedConflicts() throws(DaemonError) -> [ConflictLedger.Key: Date] {
        try perform("read the announced conflicts") {
            try database.read { db in
                var announced: [ConflictLedger.Key: Date] = [:]
                let rows = try Row.fetchCursor(
                    db,
                    sql: "SELECT entity_type, entity_id, announced_at FROM announced_conflict"
                )
                while let row = try rows.next() {
                    announced[ConflictLedger.Key(entityType: row[0], entityId: row[1])] = Date(
                        timeIntervalSince1970: row[2]
                    )
                }
                return announced
            }
        }
    }

    /// Forgets the conflicts of `ledger.forget` and, when `announced`, marks those of
    /// `ledger.announce` as announced `at`: one transaction.
    public func keep(_ ledger: ConflictLedger, announced: Bool, at date: Date) throws(DaemonError) {
        try perform("record the announced conflicts") {
            try database.write { db in
                for key in ledger.forget {
                    try db.execute(
                        sql: "DELETE FROM announced_conflict WHERE entity_type = ? AND entity_id = ?",
                        arguments: [key.entityType, key.entityId]
                    )
                }
                guard announced else { return }
                for conflict in ledger.announce {
                    try db.execute(
                        sql:
                            "INSERT INTO announced_conflict (entity_type, entity_id, announced_at) VALUES (?, ?, ?)"
                            + " ON CONFLICT(entity_type, entity_id) DO UPDATE SET announced_at = excluded.announced_at",
                        arguments: [conflict.entityType, conflict.entityId, date.timeIntervalSince1970]
                    )
                }
            }
        }
    }
}
