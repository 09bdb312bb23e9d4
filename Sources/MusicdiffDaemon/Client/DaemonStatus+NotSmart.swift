import Foundation
import MusicdiffCore

extension DaemonStatus {
    /// What `why-not` says of a running daemon that no policy gates: `the daemon (pid 4711)
    /// is not in smart mode: it syncs every 6h, whatever the machine is doing; next sync
    /// 2026-12-01 20:00:00 (in 5h 59m)`.
    package func notSmartLine(pid: Int32, now: Date, timeZone: TimeZone = .current) -> String {
        var line =
            "the daemon (pid \(pid)) is not in smart mode: it syncs \(summary ?? "on its schedule"),"
            + " whatever the machine is doing"
        if let nextDue {
            let wait = max(nextDue.duration(since: now), .zero)
            line +=
                "; next sync \(LocalTimeFormat(timeZone: timeZone).string(nextDue))"
                + " (in \(DurationText.format(.seconds((wait / .seconds(1)).rounded()))))"
        }
        return line
    }

    /// The same as one JSON object: `{"daemon": {"pid", "smart": false, "schedule",
    /// "next_due"}, "policy": null}`, with why-not's `predicted` and `early` (null: no
    /// policy), `paused` and `overdue`.
    package func notSmartJSON(
        pid: Int32,
        pause: Pause? = nil,
        overdue: (OverdueAlert, [String])? = nil,
        now: Date = Date()
    ) -> String {
        JSONValue.object([
            (
                "daemon",
                .object([
                    ("pid", .number(Double(pid))),
                    ("smart", .bool(false)),
                    ("schedule", .string(summary ?? "")),
                    ("next_due", nextDue.map { .string(ISO8601.utc($0)) } ?? .null),
                ])
            ),
            ("policy", .null),
            ("predicted", .null), ("early", .null),
            ("paused", pause.flatMap { $0.lasts(at: now) ? $0.json : nil } ?? .null),
            ("overdue", WhyNotReport.json(overdue)),
        ]).text
    }
}
