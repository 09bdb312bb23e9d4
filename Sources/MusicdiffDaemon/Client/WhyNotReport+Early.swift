import Foundation
import MusicdiffCore

extension WhyNotReport {
    /// The JSON of planning ahead: `predicted`, `early` and `paused`, each null when none.
    var plannedJSON: (predicted: JSONValue, early: JSONValue, paused: JSONValue) {
        var early = JSONValue.null
        if let earlyFrom { early = .object([("from", .string(ISO8601.utc(earlyFrom)))]) }
        var paused = JSONValue.null
        if let pause, pause.lasts(at: decision.evaluatedAt) { paused = pause.json }
        return (predicted.map(Self.json) ?? .null, early, paused)
    }

    /// `{"from": ISO, "to": ISO, "days": 5, "of": 7}`.
    static func json(_ predicted: Prediction) -> JSONValue {
        .object([
            ("from", .string(ISO8601.utc(predicted.from))), ("to", .string(ISO8601.utc(predicted.to))),
            ("days", .number(Double(predicted.days))), ("of", .number(Double(predicted.of))),
        ])
    }

    /// `early start possible from 14:00 (every rule must hold)`, or `... possible now (...)`
    /// inside the window.
    package static func earlyLine(_ from: Date, now: Date, timeZone: TimeZone? = nil) -> String {
        let when = from <= now ? "now" : "from " + ShortTime(now: now, timeZone: timeZone).string(from)
        return "early start possible \(when) (every rule must hold)"
    }

    /// `"overdue": {"seconds": N, "text": "No sync has succeeded for 3d 4h. ..."}`, or null.
    var overdueJSON: JSONValue { Self.json(overdue) }

    /// The overdue alert's JSON (see ``overdueJSON``), or null without one.
    static func json(_ overdue: (alert: OverdueAlert, lines: [String])?) -> JSONValue {
        guard let overdue else { return .null }
        return .object([
            ("seconds", .number((overdue.alert.overdue / .seconds(1)).rounded())),
            ("text", .string(overdue.lines.joined(separator: " "))),
        ])
    }
}
