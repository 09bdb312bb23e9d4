import Foundation
import GRDB
import MusicdiffCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Creates the file at `path` if needed, and makes it readable and writable by its owner only.
private func makePrivate(_ path: String) {
    let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
    guard fd >= 0 else { return }
    _ = fchmod(fd, 0o600)
    close(fd)
}

/// `state.sqlite`: sync runs, their conflicts, tick decisions and the daemon's schedule,
/// in SQLite with write-ahead logging so that the daemon writes while `why-not` and
/// `status` read.
package final class StateStore: Sendable {
    /// The database file.
    package let path: String
    /// The open database and, for a store open for writing, its file's identity.
    let opened: Mutex<Opened>
    /// The open database.
    var database: any DatabaseWriter & DatabaseReader { opened.withLock { $0.database } }
    /// The policy whose prediction summary each recorded moment is added to, with its key
    /// (``StateStore/summarize(for:now:)`` sets it); nil: none is kept up.
    let summarized = Mutex<(policy: Policy, key: String)?>(nil)

    /// How many recorded moments (tick decisions and their snapshots, sync and daemon starts
    /// and stops) are kept at most; older ones are pruned as new ones are written.
    package static let keptTicks = 200_000
    /// How long recorded moments are kept, at most.
    static let keptHistory: Duration = .seconds(30 * 86_400)
    /// How many sync runs are kept.
    package static let keptRuns = 1_000

    private init(path: String, database: any DatabaseWriter & DatabaseReader, writing: Duration? = nil) {
        self.path = path
        var opened = Opened(database: database)
        if let writing {
            opened.file = FileIdentity(path: path)
            opened.busyTimeout = writing
        }
        self.opened = Mutex(opened)
    }

    /// Opens the store for writing, creating and migrating it as needed. The file is private
    /// (0600, as the log and the pid file are); SQLite gives its `-wal` and `-shm` the same.
    /// A write waits up to `busyTimeout` for another process's transaction: the daemon's is
    /// short, because its one thread (``QuietExecutor``) does nothing else meanwhile, and a
    /// refused write is kept and tried again.
    package static func open(
        path: String,
        busyTimeout: Duration = .seconds(5)
    ) throws(DaemonError) -> StateStore {
        StateStore(path: path, database: try pool(path: path, busyTimeout: busyTimeout), writing: busyTimeout)
    }

    /// The database at `path` open for writing, created and migrated as needed.
    static func pool(path: String, busyTimeout: Duration) throws(DaemonError) -> DatabasePool {
        makePrivate(path)
        do {
            var configuration = Configuration()
            configuration.label = "musicdiff.state"
            configuration.busyMode = .timeout(busyTimeout.seconds)
            // A daemon with one thread reads on one connection, and its queries touch a few
            // pages: a small page cache each (SQLite's default is 2 MiB a connection) keeps
            // its memory flat over months of ticks.
            configuration.maximumReaderCount = 1
            configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = -256") }
            let pool = try DatabasePool(path: path, configuration: configuration)
            try StateSchema.migrator.migrate(pool)
            return pool
        } catch {
            throw .state(path: path, reason: "cannot open the state database: \(error)")
        }
    }

    /// Opens an existing store read-only, or returns nil when there is no file at `path`
    /// (or an empty one, just made).
    /// Never writes: a store an older version wrote (a daemon not yet restarted, a file from
    /// another machine) is copied into memory and migrated there. A file that is not a
    /// regular one (a FIFO would hang SQLite), cannot be read or is not a store is an error
    /// in one line. Without a `-wal` beside the file, it is read as immutable (see
    /// ``StoreFile/immutableURI``); with one, a writer may be at work: it is read as SQLite
    /// reads a live database, and if that fails (a read-only folder), as immutable.
    package static func openForReading(path: String) throws(DaemonError) -> StateStore? {
        guard let file = try StoreFile.check(path) else { return nil }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        let queue: DatabaseQueue
        do {
            queue = try readable(file, configuration)
        } catch {
            throw .state(path: path, reason: "cannot read the state database: \(error)")
        }
        do {
            let ready = try queue.read { try $0.tableExists("sync_run") && $0.tableExists("tick") }
            guard ready else {
                throw DaemonError.state(
                    path: path,
                    reason: "is not a musicdiff state store (no sync_run or tick table)"
                )
            }
            if try queue.read({ try StateSchema.migrator.hasCompletedMigrations($0) }) {
                return StateStore(path: path, database: queue)
            }
            let memory = try DatabaseQueue()
            try queue.backup(to: memory)
            try StateSchema.migrator.migrate(memory)
            return StateStore(path: path, database: memory)
        } catch let error as DaemonError {
            throw error
        } catch {
            throw .state(path: path, reason: "cannot read the state database: \(error)")
        }
    }

    /// `file` open read-only: immutable when it has no `-wal`, else as a live database; each
    /// failing, the other (a live database needs a `-shm`, made if missing, which a
    /// read-only folder refuses; immutable needs SQLite to take URIs).
    private static func readable(_ file: StoreFile, _ configuration: Configuration) throws -> DatabaseQueue {
        let paths = file.hasLog ? [file.path, file.immutableURI] : [file.immutableURI, file.path]
        var failure: (any Error)?
        for path in paths {
            do {
                let queue = try DatabaseQueue(path: path, configuration: configuration)
                _ = try queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM sqlite_master") }
                return queue
            } catch {
                failure = failure ?? error
            }
        }
        throw failure!
    }

    /// Runs `body` on the database, wording failures as ``DaemonError/state(path:reason:)``.
    /// A store open for writing first makes sure its file is still there (see
    /// ``recreateIfRemoved()``).
    func perform<T>(_ what: String, _ body: () throws -> T) throws(DaemonError) -> T {
        recreateIfRemoved()
        do {
            return try body()
        } catch {
            throw .state(path: path, reason: "cannot \(what): \(error)")
        }
    }
}
