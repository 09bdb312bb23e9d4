import Foundation
import MusicdiffCore

/// `musicdiff replay`: what happened beside what a policy would have done, over the same
/// recorded moments and schedule.
package struct ReplayReport: Sendable {
    /// The history replayed.
    package var history: RecordedHistory
    /// The policy replayed.
    package var policy: Policy
    /// What the daemon did.
    package var recorded: Replay
    /// What `policy` would have done.
    package var replayed: Replay

    /// Replays `history` under `policy` with the schedule it recorded.
    package init(history: RecordedHistory, policy: Policy) throws(DaemonError) {
        self.history = history
        self.policy = policy
        let window = Array(history.moments.drop { $0.at < history.from })
        recorded = Replay.recorded(window, from: history.from, to: history.now)
        replayed = Replay.replay(
            policy,
            plan: try history.plan(),
            moments: window,
            lastSync: history.lastSyncBefore,
            from: history.from,
            to: history.now,
            syncLength: history.typicalRunLength
        )
    }

    /// The moments replayed.
    var momentCount: Int { history.moments.count { $0.at >= history.from } }

    /// Figures side by side, then each day's sync starts side by side.
    package func text() -> String {
        let before =
            history.policies.isEmpty ? "recorded" : "recorded (\(history.policies.joined(separator: ", ")))"
        let after = "replayed (\(policy.name))"
        func row(_ label: String, _ left: String, _ right: String) -> String {
            pad(label, 18) + pad(left, 26) + right
        }
        let span = history.recordedSpan
        let asked = span.days < history.days ? " (of the \(history.days) asked: none recorded before)" : ""
        var lines = [
            "\(span.days) day\(span.days == 1 ? "" : "s") from \(HistoryReport.day(span.from, history.timeZone))\(asked),"
                + " \(momentCount) recorded moments, schedule \(history.scheduleWords ?? "?")",
            row("", before, after),
            row("syncs started", "\(recorded.syncs.count)", "\(replayed.syncs.count)"),
            row("  ended", ended(recorded), ended(replayed)),
            row("wait (median)", wait(recorded.medianWait), wait(replayed.medianWait)),
            row("wait (max)", wait(recorded.maxWait), wait(replayed.maxWait)),
            row("held longest by", held(recorded), held(replayed)),
        ]
        lines += difference
        lines += [
            "",
            row("sync starts", before, after),
        ]
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = history.timeZone
        var day = history.from
        while day < history.now {
            let next = calendar.date(byAdding: .day, value: 1, to: day) ?? day.addingTimeInterval(86_400)
            lines.append(
                row(
                    HistoryReport.dayLabel(day, history.timeZone),
                    times(recorded, day, next),
                    times(replayed, day, next)
                )
            )
            day = next
        }
        lines.append(contentsOf: history.notes)
        return lines.map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }
            .joined(separator: "\n") + "\n"
    }

    /// `HH:MM` of each sync started in `from..<to`, up to five and a count of the rest.
    func times(_ replay: Replay, _ from: Date, _ to: Date) -> String {
        let starts = replay.syncs.filter { $0.start >= from && $0.start < to }.map { sync in
            let second = LocalInstant(date: sync.start, timeZone: history.timeZone).secondOfDay
            return String(format: "%02d:%02d", second / 3600, second % 3600 / 60)
        }
        let shown = starts.prefix(4).joined(separator: " ")
        return starts.count > 4 ? shown + " +\(starts.count - 4)" : (starts.isEmpty ? "-" : shown)
    }

    func wait(_ duration: Duration?) -> String { duration.map(DurationText.format) ?? "-" }

    func held(_ replay: Replay) -> String {
        replay.longestHeld.map { "\($0.rule) (\(DurationText.format($0.held)))" } ?? "-"
    }

    func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(width - text.count, 1))
    }
}
