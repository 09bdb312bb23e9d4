/// The words of a conflict notification, written once for the e-mail and the desktop: the
/// original design's subject and body, listing at most ``limit`` conflicts.
///
/// ```
/// Subject: MusicDiff: 2 conflicts detected
///
/// MusicDiff detected 2 conflicts during sync:
///
///   • track: 42
///   • playlist: road trip
///
/// Run 'musicdiff conflicts' to see them all.
/// ```
///
/// The desktop's popup (``desktop(conflicts:)``) lists at most ``desktopLimit``, each field
/// at most ``desktopFieldLimit`` characters, so that a notification server shows it whole.
package struct ConflictMessage: Sendable, Equatable {
    /// The most conflicts an e-mail lists; the rest are counted in an `and N more` line.
    package static let limit = 50
    /// The most conflicts a desktop popup lists: a server shows a few lines, and cuts the rest
    /// (dunst cut a list of 40 after 7, mid-name, and lost the hint).
    static let desktopLimit = 5
    /// The longest entity type or id a desktop popup shows, in characters.
    static let desktopFieldLimit = 60
    /// The longest entity type or id shown, in characters; longer ones end in `…`.
    static let fieldLimit = 200
    /// The most bytes of UTF-8 an entity type or id shown may take, whatever its characters
    /// hold (one character may carry thousands of combining marks).
    package static let fieldByteLimit = 600
    /// The last line of the body: what the user does next.
    package static let hint = "Run 'musicdiff conflicts' to see them all."

    /// `MusicDiff: N conflicts detected` (`1 conflict` for one): the e-mail's subject, the
    /// original design's words.
    package var subject: String
    /// `MusicDiff: N conflicts` (`1 conflict` for one): the desktop popup's title, short
    /// enough for a server to show whole (the design's "What a person sees").
    package var title: String
    /// One line per listed conflict, `  • entity_type: entity_id`, then `  and N more` if any were left out.
    package var lines: [String]
    /// The e-mail's text: the count, the list and the hint.
    package var body: String
    /// The desktop notification's text: the list and the hint (the count is in the subject).
    package var shortBody: String

    /// Words `conflicts`, listing at most `limit` of them, each field at most `fieldLimit`
    /// characters.
    package init(
        conflicts: [SyncRun.Conflict],
        limit: Int = ConflictMessage.limit,
        fieldLimit: Int = ConflictMessage.fieldLimit
    ) {
        let count = conflicts.count
        let noun = count == 1 ? "conflict" : "conflicts"
        subject = "MusicDiff: \(count) \(noun) detected"
        title = "MusicDiff: \(count) \(noun)"
        lines = conflicts.prefix(max(limit, 0)).map {
            "  • \(Self.clean($0.entityType, fieldLimit)): \(Self.clean($0.entityId, fieldLimit))"
        }
        if count > lines.count { lines.append("  and \(count - lines.count) more") }
        let list = lines.joined(separator: "\n")
        body = "MusicDiff detected \(count) \(noun) during sync:\n\n\(list)\n\n\(Self.hint)"
        shortBody = "\(list)\n\n\(Self.hint)"
    }

    /// The desktop popup's words: at most ``desktopLimit`` conflicts, shorter fields.
    package static func desktop(conflicts: [SyncRun.Conflict]) -> ConflictMessage {
        ConflictMessage(conflicts: conflicts, limit: desktopLimit, fieldLimit: desktopFieldLimit)
    }

    /// `track: 42; playlist: road trip`: every conflict, each field cleaned, for the log.
    package static func list(_ conflicts: [SyncRun.Conflict]) -> String {
        conflicts.map { "\(clean($0.entityType)): \(clean($0.entityId))" }.joined(separator: "; ")
    }

    /// `2 conflicts announced already, not again (until resolved or 24 h have passed)`.
    package static func quietLine(_ count: Int) -> String {
        "\(count) conflict\(count == 1 ? "" : "s") announced already, not again (until resolved or 24 h have passed)"
    }

    /// `text` on one line (control characters become spaces), at most `limit` characters
    /// and ``fieldByteLimit`` bytes, cut between characters.
    static func clean(_ text: String, _ limit: Int = fieldLimit) -> String {
        let fieldLimit = max(limit, 2)
        let flat = String(
            text.map { $0.isNewline || $0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } == true ? " " : $0 }
        )
        guard flat.count > fieldLimit || flat.utf8.count > fieldByteLimit else { return flat }
        let ellipsis = "…"
        var result = ""
        var bytes = ellipsis.utf8.count
        for character in flat.prefix(fieldLimit - 1) {
            guard bytes + character.utf8.count <= fieldByteLimit else {
                // A character too big to fit (a letter under thousands of marks): keep what
                // of it fits, scalar by scalar.
                for scalar in character.unicodeScalars {
                    bytes += String(scalar).utf8.count
                    guard bytes <= fieldByteLimit else { break }
                    result.unicodeScalars.append(scalar)
                }
                break
            }
            bytes += character.utf8.count
            result.append(character)
        }
        return result + ellipsis
    }
}
