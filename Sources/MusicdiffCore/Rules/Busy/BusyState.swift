import Foundation

/// The kinds of busyness a `busy` rule may look for.
package enum BusyKind: String, Sendable, Equatable, Hashable, CaseIterable {
    /// Another program's logind `block` inhibitor on `idle` (a video player, a call).
    case idleInhibitor = "idle-inhibitor"
    /// Feral GameMode has clients.
    case gamemode
    /// Some process has a `/dev/video*` node open.
    case camera
    /// An ALSA capture substream is running.
    case microphone

    /// Hashes the case, not its name: a decision looks signs up by kind on every tick, and a
    /// raw value's default hash runs over the whole string.
    package func hash(into hasher: inout Hasher) {
        let index: UInt8 =
            switch self {
            case .idleInhibitor: 0
            case .gamemode: 1
            case .camera: 2
            case .microphone: 3
            }
        hasher.combine(index)
    }
}

/// What one kind of busyness was seen as.
package enum BusySign: Sendable, Equatable {
    /// Not in use.
    case free
    /// In use, as the sensor words it: `Firefox: video playing`, `camera in use (pid 4711 cheese)`.
    case inUse(String)
    /// Could not be read, and why.
    case unknown(String)
}

/// What the sensors saw of a busy user: a sign for each kind they read.
package struct BusyState: Sendable, Equatable {
    /// The sign of each kind read; a kind not here was not read.
    package var signs: [BusyKind: BusySign]

    /// Creates a reading.
    package init(_ signs: [BusyKind: BusySign]) { self.signs = signs }

    /// The sign of `kind`, unknown when it was not read.
    package func sign(_ kind: BusyKind) -> BusySign {
        signs[kind] ?? .unknown("\(kind.rawValue) was not read")
    }

    /// The reading `--assume busy=...` makes: `kinds` in use, every other kind free.
    static func assumed(_ kinds: [BusyKind]) -> BusyState {
        BusyState(
            Dictionary(
                uniqueKeysWithValues: BusyKind.allCases.map { kind in
                    (kind, kinds.contains(kind) ? .inUse("\(kind.rawValue) in use") : .free)
                }
            )
        )
    }

    /// One field per kind in ``BusyKind/allCases`` order: `free`, `in use: WORDS`,
    /// `unknown: REASON`, or `-` for a kind not read: how `daemon.sock` and the store write it.
    package var fields: [String] {
        BusyKind.allCases.map { kind in
            switch signs[kind] {
            case nil: "-"
            case .free?: "free"
            case .inUse(let words)?: "in use: " + Self.oneLine(words)
            case .unknown(let reason)?: "unknown: " + Self.oneLine(reason)
            }
        }
    }

    private static func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 })
    }

    /// The reading ``fields`` wrote; nil when they are not that.
    package init?(fields: [String]) {
        guard fields.count == BusyKind.allCases.count else { return nil }
        var signs: [BusyKind: BusySign] = [:]
        for (kind, field) in zip(BusyKind.allCases, fields) {
            if field == "free" {
                signs[kind] = .free
            } else if field.hasPrefix("in use: ") {
                signs[kind] = .inUse(String(field.dropFirst(8)))
            } else if field.hasPrefix("unknown: ") {
                signs[kind] = .unknown(String(field.dropFirst(9)))
            } else if field != "-" {
                return nil
            }
        }
        self.init(signs)
    }
}

extension BusyState: MachineState {
    /// The reading it is.
    package static var reading: MachineReading { .busy }

    /// Busy with nothing.
    package static var typical: Self { .assumed([]) }

    /// One field per kind of busy (``fields``).
    package var lineFields: [String] { fields }

    package static func read(lineFields fields: [String]) -> LineFields.Parsed<BusyState> {
        BusyState(fields: fields).map { .success($0) }
    }

    /// Its ``fields``, a line each.
    package static var storedColumns: [StoredColumn] { [StoredColumn("busy", .text)] }

    package func storedValues(at: Date) -> [StoredValue?] { [.text(fields.joined(separator: "\n"))] }

    package static func restored(from values: some StoredValues, at: Date) throws(DamagedRow) -> BusyState? {
        guard let text = try values.text(0) else { return nil }
        let fields = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let busy = BusyState(fields: fields) else { throw values.damaged(0) }
        return busy
    }
}

extension Snapshot {
    /// What the user is busy with, of what the policy's `busy` rules look for.
    package var busy: Reading<BusyState> {
        get { self[BusyState.self] }
        set { self[BusyState.self] = newValue }
    }
}
