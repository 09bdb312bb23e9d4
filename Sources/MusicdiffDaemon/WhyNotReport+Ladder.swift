import Foundation
import MusicdiffCore

extension WhyNotReport {
    /// What a what-if question assumed, first in the report:
    /// `what if: at 2026-12-01 22:00:00, ac=on (assumed readings are marked)`.
    func whatIfLines(_ format: LocalTimeFormat) -> [String] {
        guard movedTime || !assumed.isEmpty else { return [] }
        var parts: [String] = []
        if movedTime {
            parts.append(
                "at \(format.string(decision.evaluatedAt))" + (movedIntoPast ? " (a time in the past)" : "")
            )
        }
        parts += assumed.map { "\($0.key)=\($0.value)" }
        var lines = ["what if: " + parts.joined(separator: ", ")]
        if let notDueUntil {
            lines.append("no sync is due then (next due \(format.string(notDueUntil))); were one due:")
        }
        return lines
    }

    /// The ladder and the deadline: the step in force, the next step and when it begins,
    /// and `sync by: Thu 02:00 at the latest (max_deferral 48h)`.
    func ladderLines(_ format: LocalTimeFormat) -> [String] {
        var lines: [String] = []
        let now = decision.evaluatedAt
        let overdue =
            dueSince.map { " (overdue \(DurationText.format(max(now.duration(since: $0), .zero))))" } ?? ""
        if let step = decision.step {
            lines.append(
                "relax: the step at \(DurationText.hours(step.after)) is in force\(overdue): \(step.changesText)"
            )
        } else if decision.nextStep != nil {
            lines.append("relax: no step in force yet\(overdue); the policy's own rules judge")
        }
        if let next = decision.nextStep, let at = decision.nextStepAt {
            lines.append(
                "next step: at \(DurationText.hours(next.after)) overdue, \(format.string(at))"
                    + " (in \(DurationText.format(at.duration(since: now)))): \(next.changesText)"
            )
        }
        if let line = Self.syncBy(
            deadline,
            maxDeferral: maxDeferral,
            due: dueSince ?? notDueUntil,
            format,
            now: now
        ) {
            lines.append(line)
        }
        return lines
    }

    /// `sync by: Thu 02:00 at the latest (max_deferral 48h)`, with `, then min_gap` when
    /// min_gap holds it past the due time plus `max_deferral`; nil when there is no deadline
    /// ahead.
    static func syncBy(
        _ deadline: Date?,
        maxDeferral: Duration?,
        due: Date?,
        _ format: LocalTimeFormat,
        now: Date
    ) -> String? {
        guard let deadline, deadline > now, let maxDeferral else { return nil }
        var why = "max_deferral \(DurationText.hours(maxDeferral))"
        if let due, deadline > due.adding(maxDeferral) { why += ", then min_gap" }
        return "sync by: \(day(deadline, format, now: now)) at the latest (\(why))"
    }

    /// `Thu 02:00` within the coming week, else `2026-12-10 02:00`.
    static func day(_ date: Date, _ format: LocalTimeFormat, now: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = format.formatter.timeZone
        formatter.dateFormat =
            date.duration(since: now) < .seconds(6 * 86_400) ? "EEE HH:mm" : "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }

    /// The JSON members of the ladder: `step`, `next_step`, `deadline`, `assumed`.
    var ladderJSON: [(String, JSONValue)] {
        [
            (
                "step",
                decision.step.map { .object([("after", .string(DurationText.hours($0.after)))]) } ?? .null
            ),
            (
                "next_step",
                decision.nextStep.flatMap { next in
                    decision.nextStepAt.map { at in
                        .object([
                            ("after", .string(DurationText.hours(next.after))),
                            ("at", .string(ISO8601.utc(at))),
                        ])
                    }
                } ?? .null
            ),
            ("deadline", deadline.map { .string(ISO8601.utc($0)) } ?? .null),
            ("assumed", .object(assumed.map { ($0.key, .string($0.value)) })),
        ]
    }

    /// A verdict's `step`: `{"after": "24h"}`, with `"off": true` when the step turned the
    /// rule off; null when the policy's own rule judged it.
    static func stepJSON(_ verdict: Verdict) -> JSONValue {
        guard let step = verdict.step else { return .null }
        var members: [(String, JSONValue)] = [("after", .string(DurationText.hours(step.after)))]
        if step.off { members.append(("off", .bool(true))) }
        return .object(members)
    }
}
