import Foundation

/// An amount of free space a `storage` rule asks for: bytes (`2GiB`) or a share of the file
/// system (`10%`).
package enum FreeSpace: Sendable, Equatable {
    /// At least this many bytes.
    case bytes(Double)
    /// At least this percentage (0–100) of the file system's size.
    case percent(Double)

    /// The units a size may be written in, with their factors.
    static let units: [(name: String, factor: Double)] = [
        ("TiB", 1_099_511_627_776), ("GiB", 1_073_741_824), ("MiB", 1_048_576), ("KiB", 1024), ("B", 1),
    ]

    /// `2GiB`, `500 MiB`, `10%`; nil for anything else (a number without a unit, another unit).
    package init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix("%") {
            guard let value = Double(trimmed.dropLast().trimmingCharacters(in: .whitespaces)),
                value.isFinite, (0...100).contains(value)
            else { return nil }
            self = .percent(value)
            return
        }
        for (name, factor) in Self.units where trimmed.hasSuffix(name) {
            let number = trimmed.dropLast(name.count).trimmingCharacters(in: .whitespaces)
            guard let value = Double(number), value.isFinite, value >= 0, number.first?.isNumber == true
            else {
                return nil
            }
            self = .bytes(value * factor)
            return
        }
        return nil
    }

    /// How many bytes this asks for on a file system of `total` bytes.
    func bytes(of total: Double) -> Double {
        switch self {
        case .bytes(let bytes): bytes
        case .percent(let percent): total * percent / 100
        }
    }

    /// `2 GiB`, `10%`: as verdicts say it.
    var words: String {
        switch self {
        case .bytes(let bytes): Self.size(bytes)
        case .percent(let percent): "\(Verdict.decimal(percent))%"
        }
    }

    /// `2GiB`, `1.25GiB`, `10%`: as a policy file writes it, read back to the same amount.
    var yaml: String {
        switch self {
        case .percent: return words
        case .bytes(let bytes):
            let unit = Self.units.first {
                bytes >= $0.factor && (bytes / $0.factor * 100).rounded() == bytes / $0.factor * 100
            }
            return unit.map { "\(Verdict.decimal(bytes / $0.factor))\($0.name)" }
                ?? "\(Verdict.decimal(bytes))B"
        }
    }

    /// `1.2 GiB`, `512 MiB`, `0 B`: the largest unit in which the size is at least 1, with
    /// one decimal at most.
    static func size(_ bytes: Double) -> String {
        let unit = units.first { bytes >= $0.factor } ?? units[units.count - 1]
        let value = (bytes / unit.factor * 10).rounded(.down) / 10
        return "\(Verdict.decimal(value)) \(unit.name)"
    }
}
