import Foundation
import GRDB

#if canImport(Glibc)
    import Glibc
#endif

/// A file's device and inode: what `stat(2)` says it is, whatever its name.
struct FileIdentity: Sendable, Equatable {
    var device: UInt64
    var inode: UInt64

    /// The identity of the file at `path`; nil when there is none.
    init?(path: String) {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
    }
}

extension StateStore {
    /// What a store has open.
    struct Opened: Sendable {
        /// The database.
        var database: any DatabaseWriter & DatabaseReader
        /// For a store open for writing: the identity of its file when it was opened.
        var file: FileIdentity?
        /// For a store open for writing: how long a write waits for another's transaction.
        var busyTimeout: Duration = .zero
        /// Told when the file was found removed (or replaced) and a new one made: nil, or
        /// why none could be (told once, until one can).
        var onRecreate: (@Sendable (DaemonError?) -> Void)?
        /// The daemon's values of a removed file, kept while no new one could be made.
        var values: [(String, String)]?
        /// Whether the last try to make a new file failed.
        var failed = false
    }

    /// Calls `report` whenever the store finds its file removed: with nil once it has made a
    /// new one, or with why it could not (once, until it can).
    func onRecreate(_ report: @escaping @Sendable (DaemonError?) -> Void) {
        opened.withLock { $0.onRecreate = report }
    }

    /// For a store open for writing, whose file someone removed or replaced (its path no
    /// longer names the file open, whose writes would be lost with it): closes the old
    /// database and opens the file at the path, creating it if needed, with the daemon's
    /// values (its identity and schedule) carried over; the history starts again. One
    /// `stat(2)` when nothing changed, so it runs before every use of the store.
    func recreateIfRemoved() {
        let told: ((DaemonError?) -> Void, DaemonError?)? = opened.withLock { opened in
            guard let file = opened.file, FileIdentity(path: path) != file else { return nil }
            do throws(DaemonError) {
                try recreate(&opened)
                opened.failed = false
                return opened.onRecreate.map { ($0, nil) }
            } catch {
                defer { opened.failed = true }
                return opened.failed ? nil : opened.onRecreate.map { ($0, error) }
            }
        }
        if let (report, error) = told { report(error) }
    }

    private func recreate(_ opened: inout Opened) throws(DaemonError) {
        let folder = (path as NSString).deletingLastPathComponent
        guard access(folder.isEmpty ? "." : folder, W_OK | X_OK) == 0 else {
            throw .state(path: path, reason: "was removed, and \(folder) takes no new file")
        }
        if opened.values == nil {
            opened.values =
                (try? opened.database.read { db in
                    try Row.fetchAll(db, sql: "SELECT key, value FROM daemon_value").compactMap { row in
                        let reader = RowReader(row: row)
                        return (try? reader.text(0)).flatMap { key in (try? reader.text(1)).map { (key, $0) }
                        }
                    }
                }) ?? []
        }
        // Closed, the old database checkpoints into its removed file and deletes its `-wal`
        // and `-shm`; left, they would be read as the new file's.
        if let pool = opened.database as? DatabasePool {
            do {
                try pool.close()
            } catch {
                throw .state(
                    path: path,
                    reason: "was removed, and the old database cannot be closed: \(error)"
                )
            }
        }
        if FileIdentity(path: path) == nil {
            // No file: a `-wal` or `-shm` left by name belongs to no database.
            unlink(path + "-wal")
            unlink(path + "-shm")
        }
        let pool = try Self.pool(path: path, busyTimeout: opened.busyTimeout)
        opened.database = pool
        opened.file = FileIdentity(path: path)
        let values = opened.values ?? []
        opened.values = nil
        do {
            try pool.write { db in
                for (key, value) in values {
                    try db.execute(
                        sql: "INSERT INTO daemon_value (key, value) VALUES (?, ?)"
                            + " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                        arguments: [key, value]
                    )
                }
            }
        } catch {
            throw .state(
                path: path,
                reason: "was made again, but the daemon's values cannot be written: \(error)"
            )
        }
    }
}
