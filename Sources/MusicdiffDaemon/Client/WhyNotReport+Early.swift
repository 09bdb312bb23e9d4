import Foundation

extension WhyNotReport {
    /// `early start possible from 14:00 (every rule must hold)`, or `... possible now (...)`
    /// inside the window.
    public static func earlyLine(_ from: Date, now: Date, timeZone: TimeZone? = nil) -> String {
        let when = from <= now ? "now" : "from " + ShortTime(now: now, timeZone: timeZone).string(from)
        return "early start possible \(when) (every rule must hold)"
    }
}
