import Foundation
import MusicdiffRuntime
import Synchronization
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// Runs whose record the state store has not taken yet, because it was locked by another
/// process or failed: kept in memory and in `unsaved-runs.json`, written again until the
/// store takes them, across restarts if need be, so that no outcome is lost. The work is
/// bounded: a file over ``maxFileBytes`` is not read, at most ``maxRuns`` are kept, and a
/// flush writes at most ``flushBatch``, so that no wake-up of the daemon takes long.
package final class UnsavedRuns: Sendable {
    private let path: String
    private let runs: Mutex<[SyncRun]>
    /// Why the file a previous daemon left could not be taken, and where it was put aside.
    package let problem: String?

    /// The largest file read: a thousand runs with their conflicts take far less.
    package static let maxFileBytes = 4 << 20
    /// The most runs kept: the store keeps no more (``StateStore/keptRuns``).
    static let maxRuns = StateStore.keptRuns
    /// The most runs one flush hands to the store.
    static let flushBatch = 20

    /// Loads what a previous daemon left in the file at `path`. A file that is too large,
    /// not a regular file or not readable as runs (truncated, say) is moved aside as
    /// `unsaved-runs.json.bad-TIME` and said in ``problem``.
    package init(path: String) {
        self.path = path
        let loaded = Self.load(path)
        runs = Mutex(loaded.runs)
        problem = loaded.problem
    }

    /// Whether some run still waits for the store.
    package var isEmpty: Bool { runs.withLock { $0.isEmpty } }

    /// Keeps `run`, replacing an earlier record of the same run; the oldest go beyond
    /// ``maxRuns``.
    package func keep(_ run: SyncRun) {
        runs.withLock { runs in
            runs.removeAll { $0.startedAt == run.startedAt && $0.trigger == run.trigger }
            runs.append(run)
            if runs.count > Self.maxRuns { runs.removeFirst(runs.count - Self.maxRuns) }
            write(runs)
        }
    }

    /// Hands the oldest kept runs, at most `batch`, to `save`, and forgets those it took,
    /// stopping at the first it refuses (a locked store refuses the rest too, each after a
    /// wait); returns whether none is left.
    @discardableResult
    package func flush(batch: Int = flushBatch, _ save: (SyncRun) throws -> Void) -> Bool {
        runs.withLock { runs in
            guard !runs.isEmpty else { return true }
            var taken = 0
            while taken < min(batch, runs.count), (try? save(runs[taken])) != nil { taken += 1 }
            guard taken > 0 else { return false }
            runs.removeFirst(taken)
            write(runs)
            return runs.isEmpty
        }
    }

    private func write(_ runs: [SyncRun]) {
        guard !runs.isEmpty else {
            unlink(path)
            return
        }
        guard let data = try? JSONEncoder().encode(runs) else { return }
        let temporary = path + ".tmp"
        guard
            FileManager.default.createFile(
                atPath: temporary,
                contents: data,
                attributes: [.posixPermissions: 0o600]
            )
        else { return }
        rename(temporary, path)
    }

    /// The runs in the file at `path` (none when there is no file), or why it was put aside.
    static func load(_ path: String) -> (runs: [SyncRun], problem: String?) {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            return code == ENOENT
                ? ([], nil) : ([], "\(path) cannot be read: \(Errno(rawValue: code).description)")
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        var status = stat()
        guard fstat(fd, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            return ([], putAside(path, "it is not a regular file"))
        }
        guard status.st_size <= maxFileBytes else {
            return (
                [], putAside(path, "it holds \(status.st_size) bytes, more than the \(maxFileBytes) read")
            )
        }
        let data = (try? handle.read(upToCount: maxFileBytes)) ?? Data()
        do {
            let runs = try JSONDecoder().decode([SyncRun].self, from: data)
            return (Array(runs.suffix(maxRuns)), nil)
        } catch {
            return ([], putAside(path, "it is not a list of runs (truncated?)"))
        }
    }

    /// Moves the file at `path` aside as `PATH.bad-TIME`; returns the line that says so.
    static func putAside(_ path: String, _ why: String) -> String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        var buffer = [CChar](repeating: 0, count: 32)
        let length = strftime(&buffer, buffer.count, "%Y%m%dT%H%M%SZ", &parts)
        let aside =
            path + ".bad-"
            + String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard rename(path, aside) == 0 else {
            return
                "\(path) is not taken: \(why); it cannot be moved aside: \(Errno.current.description)"
        }
        return "\(path) is not taken: \(why); it is kept as \(aside), and the runs it holds are not recorded"
    }
}
