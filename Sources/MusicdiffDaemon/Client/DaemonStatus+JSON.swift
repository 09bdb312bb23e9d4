import Foundation
import MusicdiffCore

extension DaemonStatus {
    /// `daemon status --json`: what ``text(now:timeZone:)`` says, as one object: `running`,
    /// `pid`, `started_at`, `mode`, `schedule`, `run` (the last run, as `why-not --json` has
    /// it), `sync_lock_holder`, `next_due`, `due_since`, `deadline`, `settling_until`,
    /// `predicted`, `early`, `paused` (as in `why-not --json`: null when none), `blocked_by`
    /// (null when nothing is said to block), `held_after_stop`, `daemon_problem`,
    /// `store_problem`. What only a running daemon has is null when none runs.
    package func json(now: Date) -> String {
        func time(_ date: Date?) -> JSONValue { date.map { .string(ISO8601.utc($0)) } ?? .null }
        func text(_ string: String?) -> JSONValue { string.map(JSONValue.string) ?? .null }
        let running = pid != nil
        var early = JSONValue.null
        if running, let earlyFrom, let nextDue, nextDue > now {
            early = .object([("from", .string(ISO8601.utc(earlyFrom)))])
        }
        return JSONValue.object([
            ("running", .bool(running)),
            ("pid", pid.map { .number(Double($0)) } ?? .null),
            ("started_at", time(startedAt)),
            ("mode", text(mode)),
            ("schedule", text(summary)),
            ("run", run?.json ?? .null),
            ("sync_lock_holder", syncHolder.map(RunState.json) ?? .null),
            ("next_due", running ? time(nextDue) : .null),
            ("due_since", running ? time(dueSince) : .null),
            ("deadline", running ? time(deadline) : .null),
            ("settling_until", running ? time(settleUntil.flatMap { $0 > now ? $0 : nil }) : .null),
            ("predicted", running ? predicted.map(WhyNotReport.json) ?? .null : .null),
            ("early", early),
            ("paused", pause.flatMap { $0.lasts(at: now) ? $0.json : nil } ?? .null),
            ("blocked_by", running ? blockedBy.map { .array($0.map(JSONValue.string)) } ?? .null : .null),
            ("held_after_stop", running ? text(heldAfterStop) : .null),
            ("daemon_problem", text(daemonProblem)),
            ("store_problem", text(storeProblem)),
        ]).text + "\n"
    }

    /// The rules the text's `blocked by:` line names: the running daemon's, asked now, or the
    /// last recorded decision's while a sync is due; nil when it says none.
    var blockedBy: [String]? {
        if let live {
            guard live.dueSince != nil, !live.running, live.held == nil, !live.blockers.isEmpty else {
                return nil
            }
            return live.blockers
        }
        guard let tick = lastTick, !tick.wouldSync, dueSince != nil else { return nil }
        return tick.failed.isEmpty ? ["min_gap or window"] : tick.failed
    }
}
