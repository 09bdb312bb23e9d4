import Foundation
import GRDB
import MusicdiffCore
import MusicdiffDaemon

/// Rows of each table of the state store holding arbitrary SQLite values (NULL, integers,
/// floats with NaN and infinities, text, blobs), read back through the store's real readers
/// and the history and replay built on them: a damaged row is skipped and counted, a row
/// read holds only what its type allows, and nothing traps or hangs.
///
/// The input is a list of rows: a byte choosing the table, then one value per column, each
/// a tag byte (NULL, int64, double, text, blob, or a value the store writes) and its bytes.
enum Fuzz {
    /// The store's file, on a tmpfs where there is one; it goes with the process.
    static let path =
        (FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory())
        + "/fuzz-store-row-\(getpid()).sqlite"

    /// The store, on a file the real migrations made, without its NOT NULL constraints (a
    /// foreign or older schema may lack them); and a second connection that writes to it.
    static let (store, raw): (StateStore, DatabaseQueue) = {
        unlink(path)
        atexit { for suffix in ["", "-wal", "-shm"] { unlink(Fuzz.path + suffix) } }
        _ = try! StateStore.open(path: path)
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        let raw = try! DatabaseQueue(path: path, configuration: configuration)
        try! raw.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = OFF")
            try db.execute(sql: "PRAGMA writable_schema = ON")
            try db.execute(
                sql: "UPDATE sqlite_master SET sql = replace(sql, 'NOT NULL', '') WHERE type = 'table'"
            )
        }
        try! raw.close()
        let writer = try! DatabaseQueue(path: path, configuration: configuration)
        try! writer.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = OFF") }
        return (try! StateStore.openForReading(path: path)!, writer)
    }()

    static let tables: [(name: String, columns: [String])] = [
        (
            "tick",
            [
                "at", "would_sync", "failed", "policy", "kind", "utc_offset", "due_since", "idle_for",
                "network", "ssid", "load1", "cpus", "on_battery", "battery_percent", "run_end",
            ]
        ),
        (
            "sync_run",
            [
                "id", "started_at", "ended_at", "\"trigger\"", "outcome", "exit_status", "changes_applied",
                "failed_changes", "message",
            ]
        ),
        ("conflict", ["run_id", "entity_type", "entity_id"]),
        ("announced_conflict", ["entity_type", "entity_id", "announced_at"]),
        ("daemon_value", ["key", "value"]),
    ]

    /// Values the store writes, so that rows get past their first column.
    static let words: [DatabaseValue] =
        [
            "2026-12-06 04:00:00.000", "2026-12-05 23:30:00.000", "0001-01-01 00:00:00.000",
            "9999-12-31 23:59:59.999", "decision", "sync_start", "sync_end", "daemon_start", "daemon_stop",
            "synced", "stopped", "failed", "daemon", "manual", "forced", "success", "partial", "running",
            "timed_out", "interrupted", "no wifi full", "yes ethernet limited", "laptop", "idle,network",
            "every 6h", "cron \"0 2 * * *\"", "next_due", "due_since", "consecutive_failures", "settle_until",
            "planned_for", "time_zone", "UTC", "1765000000", "nan", "inf", "-1e300", "9223372036854775807",
        ].map(\.databaseValue)
        + [0, 1, -1, Int64.max, Int64.min, 3600].map(\.databaseValue) + [1.5e9, 100.0].map(\.databaseValue)

    /// Reads the input's values, one at a time.
    struct Reader {
        var bytes: ArraySlice<UInt8>

        mutating func byte() -> UInt8? { bytes.popFirst() }

        mutating func word() -> UInt64 {
            var word: UInt64 = 0
            for _ in 0..<8 { word = word << 8 | UInt64(byte() ?? 0) }
            return word
        }

        mutating func chunk() -> [UInt8] {
            let count = Int(byte() ?? 0) % 48
            defer { bytes = bytes.dropFirst(count) }
            return Array(bytes.prefix(count))
        }

        mutating func value() -> DatabaseValue {
            switch (byte() ?? 0) % 6 {
            case 0: .null
            case 1: Int64(bitPattern: word()).databaseValue
            case 2: Double(bitPattern: word()).databaseValue
            case 3: String(decoding: chunk(), as: UTF8.self).databaseValue
            case 4: Data(chunk()).databaseValue
            default: Fuzz.words[Int(byte() ?? 0) % Fuzz.words.count]
            }
        }
    }

    static func run(_ input: [UInt8]) {
        var reader = Reader(bytes: input[...])
        try! raw.writeWithoutTransaction { db in
            for table in tables { try db.execute(sql: "DELETE FROM \(table.name)") }
            var rows = 0
            while rows < 12, let choice = reader.byte() {
                let table = tables[Int(choice) % tables.count]
                let values = table.columns.map { _ in reader.value() }
                let marks = table.columns.map { _ in "?" }.joined(separator: ", ")
                let columns = table.columns.joined(separator: ", ")
                // A value a constraint refuses (a duplicate key) leaves the row out.
                try? db.execute(
                    sql: "INSERT INTO \(table.name) (\(columns)) VALUES (\(marks))",
                    arguments: StatementArguments(values)
                )
                rows += 1
            }
        }
        FuzzChecks.readBack(store)
    }
}

/// One input: its rows written to the store, and read back every way.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    Fuzz.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
