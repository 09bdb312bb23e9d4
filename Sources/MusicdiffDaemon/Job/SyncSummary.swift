import Foundation

/// The figures a sync job may print as its last stdout line:
/// `{"changes_applied": N, "failed_changes": N, "conflicts": [{"entity_type": "…", "entity_id": "…"}]}`.
///
/// Every key is optional; `failed_changes` may also be a list, which counts its items.
/// Unknown keys are ignored so that a newer job can say more.
struct SyncSummary: Sendable, Equatable, Decodable {
    var changesApplied: Int?
    var failedChanges: Int?
    var conflicts: [SyncRun.Conflict] = []

    /// What reading the last line gave: no summary at all (the line is not a JSON object),
    /// a summary, or a line that looked like one but was not, with the reason.
    enum Reading: Sendable, Equatable {
        case none
        case summary(SyncSummary)
        case malformed(String)
    }

    /// Reads the last non-empty line of `output`.
    static func read(output: [UInt8]) -> Reading {
        let text = String(decoding: output, as: UTF8.self)
        guard
            let line = text.split(whereSeparator: \.isNewline).last(where: { !$0.allSatisfy(\.isWhitespace) })
        else { return .none }
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("{") else { return .none }
        do {
            let summary = try JSONDecoder().decode(SyncSummary.self, from: Data(trimmed.utf8))
            for (key, value) in [
                ("changes_applied", summary.changesApplied), ("failed_changes", summary.failedChanges),
            ] {
                if let value, value < 0 { return .malformed("\(key) is negative (\(value))") }
            }
            return .summary(summary)
        } catch let error as DecodingError {
            return .malformed(Self.describe(error))
        } catch {
            return .malformed("not valid JSON")
        }
    }

    private enum Key: String, CodingKey {
        case changesApplied = "changes_applied"
        case failedChanges = "failed_changes"
        case conflicts
    }

    private enum ConflictKey: String, CodingKey {
        case entityType = "entity_type"
        case entityId = "entity_id"
    }

    init(changesApplied: Int? = nil, failedChanges: Int? = nil, conflicts: [SyncRun.Conflict] = []) {
        self.changesApplied = changesApplied
        self.failedChanges = failedChanges
        self.conflicts = conflicts
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        changesApplied = try container.decodeIfPresent(Int.self, forKey: .changesApplied)
        if (try? container.decodeNil(forKey: .failedChanges)) == false {
            if let count = try? container.decode(Int.self, forKey: .failedChanges) {
                failedChanges = count
            } else if let list = try? container.nestedUnkeyedContainer(forKey: .failedChanges) {
                failedChanges = list.count ?? 0
            } else {
                throw DecodingError.dataCorrupted(
                    .init(
                        codingPath: [Key.failedChanges],
                        debugDescription: "expected a whole number or a list"
                    )
                )
            }
        }
        if container.contains(.conflicts), try !container.decodeNil(forKey: .conflicts) {
            var list = try container.nestedUnkeyedContainer(forKey: .conflicts)
            while !list.isAtEnd {
                let item = try list.nestedContainer(keyedBy: ConflictKey.self)
                conflicts.append(
                    SyncRun.Conflict(
                        entityType: try item.decode(String.self, forKey: .entityType),
                        entityId: try Self.text(item, .entityId)
                    )
                )
            }
        }
    }

    /// An id written as text or as a whole number.
    private static func text(_ item: KeyedDecodingContainer<ConflictKey>, _ key: ConflictKey) throws -> String
    {
        if let number = try? item.decode(Int.self, forKey: key) { return String(number) }
        return try item.decode(String.self, forKey: key)
    }

    /// A decoding error in a few words: which key, and what was wrong with it.
    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty
                ? "" : keys.joined(separator: ".").replacingOccurrences(of: ".[", with: "[") + ": "
        }
        switch error {
        case .typeMismatch(let type, let context):
            let name = "\(type)"
            let expected =
                type == Int.self
                ? "a whole number"
                : type == String.self
                    ? "text"
                    : name.contains("Unkeyed") || name.contains("Array")
                        ? "a list"
                        : name.contains("Keyed") || name.contains("Dictionary") ? "an object" : name
            return "\(path(context))expected \(expected)"
        case .valueNotFound(_, let context):
            return "\(path(context))missing value"
        case .keyNotFound(let key, let context):
            return "\(path(context))\(key.stringValue) is missing"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty
                ? "not valid JSON" : "\(path(context))\(context.debugDescription)"
        @unknown default:
            return "not a summary"
        }
    }
}
