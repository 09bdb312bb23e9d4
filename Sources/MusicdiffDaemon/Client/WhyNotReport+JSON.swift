import Foundation
import MusicdiffCore

extension WhyNotReport {
    /// The report as one JSON object: `would_sync`, `policy`, `evaluated_at`, `rules`,
    /// `next_check`, `not_due_until` (null while a sync is due), `history`, `damaged_rows`, in
    /// that order.
    package func json() -> String {
        let rules = decision.verdicts.map { verdict -> JSONValue in
            .object([
                ("rule", .string(verdict.rule.rawValue)),
                ("ok", verdict.ok.map(JSONValue.bool) ?? .null),
                ("observed", .string(verdict.observed)),
                ("required", .string(verdict.required)),
                ("reason", .string(verdict.reason)),
                ("step", Self.stepJSON(verdict)),
            ])
        }
        let history = self.history.map { tick -> JSONValue in
            .object([
                ("at", .string(ISO8601.utc(tick.at))),
                ("would_sync", .bool(tick.wouldSync)),
                ("failed", .array(tick.failed.map(JSONValue.string))),
            ])
        }
        let planned = plannedJSON
        let document = JSONValue.object(
            [
                ("would_sync", .bool(decision.shouldSync)),
                ("policy", .string(decision.policy)),
                ("evaluated_at", .string(ISO8601.utc(decision.evaluatedAt))),
                ("evaluated_in_the_past", .bool(movedIntoPast)),
                ("rules", .array(rules)),
                ("next_check", .string(ISO8601.utc(nextCheck))),
                ("not_due_until", notDueYet.map { .string(ISO8601.utc($0)) } ?? .null),
                ("run", run?.json ?? .null),
                ("sync_lock_holder", syncHolder.map(RunState.json) ?? .null),
                (
                    "settling_until",
                    settleUntil.flatMap { $0 > decision.evaluatedAt ? .string(ISO8601.utc($0)) : nil }
                        ?? .null
                ),
                ("predicted", planned.predicted), ("early", planned.early), ("paused", planned.paused),
                ("overdue", overdueJSON),
            ] + ladderJSON + [
                ("readings", readingsJSON), ("history", .array(history)),
                ("damaged_rows", .number(Double(damagedRows))),
            ]
        )
        return document.text + "\n"
    }

    /// `{"from": "daemon", "pid": 4711}`, or `{"from": "sensors", "daemon_problem": ...}`.
    private var readingsJSON: JSONValue {
        switch readings {
        case .daemon(let pid): .object([("from", "daemon"), ("pid", .number(Double(pid)))])
        case .sensors(let problem):
            .object([("from", "sensors"), ("daemon_problem", problem.map(JSONValue.string) ?? .null)])
        }
    }
}

/// ISO 8601 times for machine-readable output.
package enum ISO8601 {
    /// `2026-11-28T23:40:00Z`.
    package static func utc(_ date: Date) -> String { date.formatted(.iso8601) }
}
