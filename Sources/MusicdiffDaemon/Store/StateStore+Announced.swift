import Foundation
import GRDB
import MusicdiffCore

extension StateStore {
    /// When each conflict still held to be announced was last announced; a damaged row is
    /// left out (its conflict is announced again).
    package func announcedConflicts() throws(DaemonError) -> [ConflictLedger.Key: Date] {
        try perform("read the announced conflicts") {
            try database.read { db in
                var announced: [ConflictLedger.Key: Date] = [:]
                let rows = try Row.fetchCursor(
                    db,
                    sql: "SELECT entity_type, entity_id, announced_at FROM announced_conflict"
                )
                var read = StoredRows<(ConflictLedger.Key, Date)>()
                while let row = try rows.next() {
                    read.add(row) { row throws(DamagedRow) in
                        let key = ConflictLedger.Key(entityType: try row.text(0), entityId: try row.text(1))
                        return (key, Date(timeIntervalSince1970: try row.double(2, in: RowReader.dates)))
                    }
                }
                for (key, date) in read.values { announced[key] = date }
                return announced
            }
        }
    }

    /// Forgets the conflicts of `ledger.forget` and, when `announced`, marks those of
    /// `ledger.announce` as announced `at`: one transaction.
    package func keep(_ ledger: ConflictLedger, announced: Bool, at date: Date) throws(DaemonError) {
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
