import Foundation

/// The overdue alert (`daemon.notify_overdue`): when no sync has succeeded for the threshold,
/// one message a day while it lasts, saying how long, what held the sync (the first failing
/// rule of each blocked decision, in hours) and the deadline if any; a success ends it. Pure:
/// the caller gives the last success, the last alert, the recorded moments and the time. The
/// daemon sends it, and `why-not` shows it, through `OverdueNotice`.
package struct OverdueAlert: Sendable, Equatable {
    /// How long no sync has succeeded.
    package var overdue: Duration
    /// The rules that held the due sync in that time, longest first, with how long each.
    package var heldBy: [(rule: String, held: Duration)]
    /// The latest time the sync will run, if the policy has one.
    package var deadline: Date?

    /// How often the alert repeats while it lasts.
    package static let repeatAfter: Duration = .seconds(86_400)

    /// The alert due at `now`, or nil: none when a sync succeeded within `threshold` (or none
    /// is known), nor within a day of the last alert sent after the last success. `moments`
    /// are oldest first; those since the last success say what held it.
    package static func due(
        threshold: Duration,
        lastSuccess: Date?,
        lastAlert: Date?,
        moments: [RecordedMoment],
        deadline: Date? = nil,
        now: Date
    ) -> OverdueAlert? {
        guard let lastSuccess,
            let at = nextAt(threshold: threshold, lastSuccess: lastSuccess, lastAlert: lastAlert),
            now >= at
        else { return nil }
        var held: [String: TimeInterval] = [:]
        for (index, moment) in moments.enumerated()
        where moment.at >= lastSuccess && moment.kind == .decision && !moment.wouldSync {
            let end = index + 1 < moments.count ? min(moments[index + 1].at, now) : now
            held[moment.failed.first ?? "min_gap or window", default: 0] += max(
                0,
                end.timeIntervalSince(moment.at)
            )
        }
        let heldBy = held.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map {
            ($0.key, Duration.seconds($0.value))
        }
        return OverdueAlert(overdue: now.duration(since: lastSuccess), heldBy: heldBy, deadline: deadline)
    }

    /// The message: `No sync has succeeded for 3d 4h.`, `Held by network 40h, idle 12h.`,
    /// `Sync by: Thu 02:00 at the latest.` (with `time` wording it) and the hint.
    package func lines(_ time: (Date) -> String) -> [String] {
        var lines = ["No sync has succeeded for \(DurationText.format(Self.rounded(overdue)))."]
        if !heldBy.isEmpty {
            let rules = heldBy.map { "\($0.rule) \(DurationText.format(Self.rounded($0.held)))" }
            lines.append("Held by " + rules.joined(separator: ", ") + ".")
        }
        if let deadline { lines.append("Sync by: \(time(deadline)) at the latest.") }
        lines.append("Run 'musicdiff why-not' to see more.")
        return lines
    }

    /// `duration` to the minute, for a person.
    static func rounded(_ duration: Duration) -> Duration {
        .seconds((duration / .seconds(60)).rounded() * 60)
    }

    /// When the next alert is due: the threshold after the last success, and a day after the
    /// last alert sent since that success; nil when no success is known.
    package static func nextAt(threshold: Duration, lastSuccess: Date?, lastAlert: Date?) -> Date? {
        guard let lastSuccess else { return nil }
        let due = lastSuccess.adding(threshold)
        guard let lastAlert, lastAlert >= lastSuccess else { return due }
        return max(due, lastAlert.adding(repeatAfter))
    }

    /// Two alerts are equal when they say the same.
    package static func == (lhs: OverdueAlert, rhs: OverdueAlert) -> Bool {
        lhs.overdue == rhs.overdue && lhs.deadline == rhs.deadline
            && lhs.heldBy.map(\.rule) == rhs.heldBy.map(\.rule)
            && lhs.heldBy.map(\.held) == rhs.heldBy.map(\.held)
    }
}
