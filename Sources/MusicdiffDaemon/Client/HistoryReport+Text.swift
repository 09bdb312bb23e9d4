import Foundation
import MusicdiffCore

extension HistoryReport {
    /// The grid in at most 80 columns: a title, an hour ruler, a row per day with its syncs
    /// and longest wait, and the legend. `colour` wraps each letter in its ANSI colour.
    package func text(colour: Bool) -> String {
        let days = grid.days.count
        let policy = policies.isEmpty ? "" : ", policy \(policies.joined(separator: ", "))"
        var lines = [title(days) + policy]
        lines.append(
            "        " + stride(from: 0, to: 24, by: 3).map { pad(String($0), 6) }.joined()
                + "  30 min a letter"
        )
        for day in grid.days {
            let cells = day.cells.map { cell in paint(String(cell.letter), colour ? Self.colour(cell) : nil) }
            lines.append("\(dayLabel(day.start))  \(cells.joined())  \(summary(day))")
        }
        lines.append(legend(colour: colour))
        lines.append(blockedLegend(colour: colour))
        lines.append(contentsOf: notes)
        return lines.map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }
            .joined(separator: "\n") + "\n"
    }

    /// `7 days, Sun 22 00:00 to Sat 28 23:59 (the last record)`, or `... (now)` while the
    /// daemon runs: the rule for "the last N days" said where the reader sees it.
    func title(_ days: Int) -> String {
        let count = "\(days) day\(days == 1 ? "" : "s")"
        guard let end, let first = grid.days.first else { return "last \(count), one letter per 30 minutes" }
        let last = end.now ? end.at : end.at.addingTimeInterval(-1)
        let second = LocalInstant(date: last, timeZone: timeZone).secondOfDay
        let time = String(format: "%02d:%02d", second / 3600, second % 3600 / 60)
        return "\(count), \(dayLabel(first.start)) 00:00 to \(dayLabel(last)) \(time)"
            + (end.now ? " (now)" : " (the last record)")
    }

    /// `3 syncs, wait 4h 40m`.
    func summary(_ day: HistoryGrid.Day) -> String {
        var text = "\(day.syncs) sync\(day.syncs == 1 ? "" : "s")"
        if let wait = day.longestWait { text += ", wait " + DurationText.format(wait) }
        return text
    }

    func legend(colour: Bool) -> String {
        let entries: [(HistoryCell, String)] = [
            (.synced, "synced"), (.stopped, "stopped"), (.failed, "failed"), (.running, "running"),
            (.notDue, "not due"), (.down, "daemon not running"),
        ]
        return entries.map { "\(paint(String($0.0.letter), colour ? Self.colour($0.0) : nil)) \($0.1)" }
            .joined(separator: "  ")
    }

    func blockedLegend(colour: Bool) -> String {
        let rules = Verdict.Rule.allCases.map(\.rawValue)
        var cells = rules.map { (HistoryCell.blocked(rule: $0), $0) }
        // A pause is said where the grid shows one: `P paused (musicdiff pause)`.
        if grid.days.contains(where: { $0.cells.contains(.paused) }) {
            cells.append((.paused, "paused (musicdiff pause)"))
        }
        // Wrapped at 80 columns (as counted without colour), each further line under the first
        // entry, so that a legend of many rules stays as narrow as the grid.
        let lead = "blocked by: "
        var lines = [lead]
        var width = lead.count
        for (cell, words) in cells {
            let entry = "\(paint(String(cell.letter), colour ? Self.colour(cell) : nil)) \(words)"
            let visible = 2 + words.count
            if width > lead.count, width + 2 + visible > 80 {
                lines.append(String(repeating: " ", count: lead.count))
                width = lead.count
            }
            if width > lead.count {
                lines[lines.count - 1] += "  "
                width += 2
            }
            lines[lines.count - 1] += entry
            width += visible
        }
        return lines.joined(separator: "\n")
    }

    func paint(_ text: String, _ code: String?) -> String { Palette.paint(text, code) }

    func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(width - text.count, 0))
    }
}
