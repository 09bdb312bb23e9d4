import Foundation
import Yams

/// `while_running.storage`: stop the sync before the disk fills, once the free space of the
/// start rule's path is below `minFree`.
package struct RunningStorageRule: Sendable, Equatable {
    /// The least free space the sync may keep running with.
    package var minFree: FreeSpace
}

extension RunningStorageRule: StopRule {
    static var rule: Verdict.Rule { .storage }
    static let stopKeys = ["min_free"]
    static let gapField: String? = nil

    static func parseStop(
        _ node: Node,
        _ fields: YAMLFields,
        key: String
    ) throws(PolicyError) -> RunningStorageRule {
        let map = try fields.mapping(node, "\(key) must be a mapping like { min_free: 500MiB }")
        try fields.checkKeys(map, allowed: stopKeys, in: key)
        return RunningStorageRule(minFree: try StorageRule.minFree(map, node, fields, key: key))
    }

    var stopYAML: String { "{ min_free: \(minFree.yaml) }" }

    var condition: String? { "the free space falls below \(minFree.words)" }

    /// Below the minimum fails; an unknown reading never stops the sync.
    func check(_ snapshot: Snapshot) -> (verdict: Verdict, recheckIn: Duration?) {
        let (finding, status) = StorageRule(path: "", minFree: minFree).judge(
            snapshot.storage,
            at: .distantPast
        )
        return (Verdict.whileRunning(finding, status), nil)
    }

    /// The path is the start rule's: without one there is nothing to watch; and a sync must
    /// start only with the room the running rule keeps (hysteresis).
    static func gap(_ policy: Policy) -> String? {
        guard let running = policy.whileRunning?.storage else { return nil }
        guard let start = policy.storage else {
            return "while_running.storage watches the start rule's path, and there is none;"
                + " add a start rule like storage: { path: ~/Music, min_free: \(running.minFree.yaml) }"
        }
        guard !StorageRule(path: start.path, minFree: running.minFree).allowsAll(of: start) else {
            return nil
        }
        return "while_running.storage.min_free \(running.minFree.yaml) asks more than the start rule's"
            + " storage.min_free \(start.minFree.yaml) (or in another unit); a sync would start and stop"
            + " over and over, so keep it at or below the start's, in the same unit"
    }
}

extension WhileRunning {
    /// The least free space a running sync keeps (on the start rule's path).
    package var storage: RunningStorageRule? {
        get { self[RunningStorageRule.self] }
        set { self[RunningStorageRule.self] = newValue }
    }
}
