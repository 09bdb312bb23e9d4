import Foundation
import Synchronization

/// Runs whose record the state store has not taken yet, because it was locked by another
/// process or failed: kept in memory and in `unsaved-runs.json`, written again until the
/// store takes them, across restarts if need be, so that no outcome is lost.
public final class UnsavedRuns: Sendable {
    private let path: String
    private let runs: Mutex<[SyncRun]>

    /// Loads what a previous daemon left in the file at `path`.
    public init(path: String) {
        self.path = path
        let data = FileManager.default.contents(atPath: path)
        runs = Mutex(data.flatMap { try? JSONDecoder().decode([SyncRun].self, from: $0) } ?? [])
    }

    /// Whether some run still waits for the store.
    public var isEmpty: Bool { runs.withLock { $0.isEmpty } }

    /// Keeps `run`, replacing an earlier record of the same run.
    public func keep(_ run: SyncRun) {
        runs.withLock { runs in
            runs.removeAll { $0.startedAt == run.startedAt && $0.trigger == run.trigger }
            runs.append(run)
            write(runs)
        }
    }

    /// Hands each kept run to `save` and forgets those it took; returns whether none is left.
    @discardableResult
    public func flush(_ save: (SyncRun) throws -> Void) -> Bool {
        runs.withLock { runs in
            guard !runs.isEmpty else { return true }
            runs.removeAll { (try? save($0)) != nil }
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
}
