import Foundation
import MusicdiffCore

extension Pause {
    /// Whether the pause still holds at `now` as far as its time says (its condition is the
    /// daemon's to judge on its readings).
    package func lasts(at now: Date) -> Bool { until.map { now < $0 } ?? true }

    /// `paused until 16:00 (since 14:00): no sync starts but a forced one; musicdiff resume
    /// ends it`, with times as short as the day allows; `daemonRunning` false adds that the
    /// pause applies when a daemon starts.
    package func line(now: Date, timeZone: TimeZone? = nil, daemonRunning: Bool = true) -> String {
        let time = ShortTime(now: now, timeZone: timeZone)
        return "paused \(untilText(time.string)) (since \(time.string(since))):"
            + " no sync starts but a forced one; musicdiff resume ends it"
            + (daemonRunning ? "" : " (kept for the daemon's start)")
    }

    /// `{"since": ISO, "until": ISO or null, "condition": "ac" or null}`.
    package var json: JSONValue {
        .object([
            ("since", .string(ISO8601.utc(since))),
            ("until", until.map { .string(ISO8601.utc($0)) } ?? .null),
            ("condition", condition.map { .string($0.rawValue) } ?? .null),
        ])
    }
}

extension Pause {
    /// `until 16:00`, `until on AC`: when the pause ends, with times as short as the day allows.
    package func untilWords(now: Date, timeZone: TimeZone? = nil) -> String {
        untilText(ShortTime(now: now, timeZone: timeZone).string)
    }
}
