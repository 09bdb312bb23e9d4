import Foundation

/// What `musicdiff conflicts` prints: the conflicts the user must resolve, with when each was
/// first reported, as text or one JSON object.
package struct ConflictsReport: Sendable {
    /// The conflicts.
    package var open: OpenConflicts
    /// Now, for the times' form (`14:03` today, `Sun 14:03` within the week).
    package var now: Date
    /// The zone the times are shown in.
    package var timeZone: TimeZone

    /// A report of `open` as of `now`.
    package init(open: OpenConflicts, now: Date, timeZone: TimeZone = .current) {
        self.open = open
        self.now = now
        self.timeZone = timeZone
    }

    /// The text: a heading line, then one line per conflict.
    package func text() -> String {
        let time = ShortTime(now: now, timeZone: timeZone)
        func when(_ date: Date) -> String { time.string(date) }
        guard let lastReport = open.lastReport else {
            return "No conflicts: no sync has reported on conflicts yet.\n"
        }
        guard !open.entries.isEmpty else {
            return "No conflicts to resolve (the last sync's report, \(when(lastReport)), listed none).\n"
        }
        let count = open.entries.count
        var lines = [
            "\(count) conflict\(count == 1 ? "" : "s") to resolve, as the last sync's report"
                + " (\(when(lastReport))) listed them:"
        ]
        let names = open.entries.map { "\($0.conflict.entityType): \($0.conflict.entityId)" }
        let width = min(names.map(\.count).max() ?? 0, 48)
        for (name, entry) in zip(names, open.entries) {
            lines.append("  " + name.padded(to: width) + "  first reported \(when(entry.firstReported))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One JSON object: `conflicts` (`entity_type`, `entity_id`, `first_reported`,
    /// `last_reported`) and `last_report` (null when no sync has reported).
    package func json() -> String {
        let conflicts = open.entries.map { entry in
            JSONValue.object([
                ("entity_type", .string(entry.conflict.entityType)),
                ("entity_id", .string(entry.conflict.entityId)),
                ("first_reported", .string(ISO8601.utc(entry.firstReported))),
                ("last_reported", .string(ISO8601.utc(entry.lastReported))),
            ])
        }
        return JSONValue.object([
            ("conflicts", .array(conflicts)),
            ("last_report", open.lastReport.map { .string(ISO8601.utc($0)) } ?? .null),
        ]).text + "\n"
    }
}
