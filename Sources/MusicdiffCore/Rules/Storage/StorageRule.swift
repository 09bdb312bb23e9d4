import Foundation
import Yams

/// The `storage` rule: the file system holding `path` has at least `minFree` free for the
/// user (`statvfs`'s `f_bavail`).
package struct StorageRule: Sendable, Equatable {
    /// The path as the policy writes it: absolute, or `~/...` (the sensor expands `~`).
    package var path: String
    /// The free space needed.
    package var minFree: FreeSpace
}

/// The free space of the file system holding a path.
package struct StorageState: Sendable, Equatable {
    /// The file system's mount point (`/home`), or the path when it is not known.
    package var mount: String
    /// Bytes free for an unprivileged user (`f_bavail × f_frsize`).
    package var free: Double
    /// The file system's size in bytes (`f_blocks × f_frsize`).
    package var total: Double

    /// Creates a reading.
    package init(mount: String, free: Double, total: Double) {
        self.mount = mount
        self.free = free
        self.total = total
    }
}

extension StorageRule: ReadingRule {
    static var rule: Verdict.Rule { .storage }

    static let keys = ["path", "min_free"]
    /// A relax step loosens `min_free` on the policy's own path.
    static let relaxKeys = ["min_free"]

    static func parse(_ node: Node, _ fields: YAMLFields, key: String) throws(PolicyError) -> StorageRule {
        let example = "{ path: ~/Music, min_free: 2GiB }"
        let map = try fields.mapping(node, "\(key) must be a mapping like \(example)")
        if key.hasPrefix("relax[") {
            try fields.checkKeys(map, allowed: relaxKeys, in: key)
            return StorageRule(path: "", minFree: try minFree(map, node, fields, key: key))
        }
        try fields.checkKeys(map, allowed: keys, in: key)
        guard let pathNode = map["path"] else {
            throw fields.error(at: node, "\(key) needs \"path\", like \(example)")
        }
        // A bare `~` is YAML's null: the home folder is what the user wrote.
        let home =
            if case .scalar(let scalar) = pathNode, scalar.string == "~", scalar.style == .plain { true } else
            { false }
        let path = home ? "~" : try fields.string(pathNode, key: "\(key).path")
        guard path == "~" || path.hasPrefix("/") || path.hasPrefix("~/") else {
            throw fields.error(
                at: pathNode,
                "\(key).path must be absolute or start with ~/ (like ~/Music or /srv/music), not \"\(path)\""
            )
        }
        return StorageRule(path: path, minFree: try minFree(map, node, fields, key: key))
    }

    /// The `min_free` of `map`, which must have one.
    static func minFree(
        _ map: Node.Mapping,
        _ node: Node,
        _ fields: YAMLFields,
        key: String
    ) throws(PolicyError) -> FreeSpace {
        guard let amountNode = map["min_free"] else {
            throw fields.error(at: node, "\(key) needs \"min_free\", like min_free: 2GiB or min_free: 10%")
        }
        let text = try fields.string(amountNode, key: "\(key).min_free")
        guard let amount = FreeSpace(text) else {
            throw fields.error(
                at: amountNode,
                "\(key).min_free \"\(text)\" is not a size (a number and B, KiB, MiB, GiB or TiB, like 2GiB)"
                    + " or a percentage from 0 to 100 (like 10%)"
            )
        }
        return amount
    }

    /// `{ path: ~/Music, min_free: 2GiB }`; in a relax step (no path of its own),
    /// `{ min_free: 1GiB }`.
    var yaml: String {
        path.isEmpty
            ? "{ min_free: \(minFree.yaml) }" : "{ path: \(Policy.quoted(path)), min_free: \(minFree.yaml) }"
    }

    /// A looser rule watches the same path and asks no more, in the same kind of amount.
    func allowsAll(of other: StorageRule) -> Bool {
        guard path == other.path || path.isEmpty || other.path.isEmpty else { return false }
        switch (minFree, other.minFree) {
        case (.bytes(let mine), .bytes(let theirs)), (.percent(let mine), .percent(let theirs)):
            return mine <= theirs
        default: return false
        }
    }

    func judge(_ reading: Reading<StorageState>, at now: Date) -> (Finding, Verdict.Status) {
        let status: Verdict.Status =
            switch reading {
            case .unknown: .unknown
            case .known(let state): state.free >= minFree.bytes(of: state.total) ? .pass : .fail
            }
        return (.storage(StorageFacts(minFree: minFree, reading: reading)), status)
    }
}

/// What the `storage` rule (or its `while_running` form) judged: the amount asked for and
/// the reading.
struct StorageFacts: Facts {
    let minFree: FreeSpace
    let reading: Reading<StorageState>

    var seen: String {
        guard case .known(let state) = reading else { return "unknown" }
        return "\(FreeSpace.size(state.free)) free on \(state.mount)"
    }

    var assumedSeen: String {
        guard case .known(let state) = reading else { return "unknown (assumed)" }
        return "\(FreeSpace.size(state.free)) free (assumed)"
    }

    var required: String { ">= \(minFree.words) free" }

    func knownReason(_ status: Verdict.Status) -> String {
        guard reading.value != nil else { return "the reading is unknown" }
        let relation = status == .pass ? "at least" : "below"
        return "\(seen), \(relation) \(minFree.words)"
    }

    var unknownCause: String { reading.unknownReason ?? "the reading is unknown" }

    func stopReason(_ verdict: Verdict) -> String? {
        guard case .known(let state) = reading else { return nil }
        return "free space fell to \(FreeSpace.size(state.free)) on \(state.mount), below \(minFree.words)"
    }
}

extension Policy {
    /// The free space a sync needs where the library lives.
    package var storage: StorageRule? {
        get { self[StorageRule.self] }
        set { self[StorageRule.self] = newValue }
    }
}

extension RelaxStep {
    /// The step's `storage` rule, if it changes it.
    package var storage: Change<StorageRule>? {
        get { self[StorageRule.self] }
        set { self[StorageRule.self] = newValue }
    }
}

extension StorageState: MachineState {
    /// The reading it is.
    package static var reading: MachineReading { .storage }

    /// 50 GiB free of 500 on `/home`.
    package static var typical: Self {
        StorageState(mount: "/home", free: 50 * 1_073_741_824, total: 500 * 1_073_741_824)
    }

    /// The mount point, the bytes free and the file system's size.
    package var lineFields: [String] { [mount, String(free), String(total)] }

    package static func read(lineFields fields: [String]) -> LineFields.Parsed<StorageState> {
        guard fields.count == 3 else { return nil }
        let size = OutsideNumber.fileSystemSize
        return size.check(text: fields[1]).flatMap { free in
            size.check(text: fields[2]).map { StorageState(mount: fields[0], free: free, total: $0) }
        }
    }

    /// The bytes free and the file system's size, each up to an exbibyte; the mount point is
    /// not kept.
    package static var storedColumns: [StoredColumn] {
        let sizes = OutsideNumber.fileSystemSize.range
        return [StoredColumn("storage_free", .real(sizes)), StoredColumn("storage_total", .real(sizes))]
    }

    package func storedValues(at: Date) -> [StoredValue?] { [.real(free), .real(total)] }

    package static func restored(from values: some StoredValues, at: Date) throws(DamagedRow) -> StorageState?
    {
        guard let free = try values.real(0), let total = try values.real(1) else { return nil }
        return StorageState(mount: StoredColumns.source, free: free, total: total)
    }
}

extension Snapshot {
    /// The free space where the policy's `storage` rule looks.
    package var storage: Reading<StorageState> {
        get { self[StorageState.self] }
        set { self[StorageState.self] = newValue }
    }
}
