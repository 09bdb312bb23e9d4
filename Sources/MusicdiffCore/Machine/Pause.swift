import Foundation

/// A pause the user asked for (`musicdiff pause [DURATION] [--until ac|unmetered|idle]`): no
/// automatic or plain manual sync starts until its time, or until its condition holds, or
/// until `musicdiff resume`; a running sync is stopped. Kept in the state store in
/// ``stored`` form, so that it survives a restart and applies with no daemon running.
package struct Pause: Sendable, Equatable {
    /// A reading that ends the pause once it holds.
    package enum Condition: String, Sendable, Equatable, CaseIterable {
        /// The machine runs on AC power.
        case ac
        /// The network is unmetered.
        case unmetered
        /// The user has been idle for the policy's `idle` time (else ``Pause/defaultIdle``).
        case idle

        /// The condition as `paused until ...` ends: `on AC`.
        package var words: String {
            switch self {
            case .ac: "on AC"
            case .unmetered: "on an unmetered network"
            case .idle: "the user is idle"
            }
        }
    }

    /// When the pause began.
    package var since: Date
    /// When it ends by itself; nil when only its condition or a resume ends it.
    package var until: Date?
    /// The reading that ends it; nil when only its time or a resume ends it.
    package var condition: Condition?

    /// How long the user must be away for `--until idle` when the policy has no `idle` rule.
    static let defaultIdle: Duration = .seconds(600)

    /// A pause from its parts.
    package init(since: Date, until: Date? = nil, condition: Condition? = nil) {
        self.since = since
        self.until = until
        self.condition = condition
    }

    /// Whether the pause is over at `now` on `readings`: its time has come, or its condition
    /// holds (an unknown reading never ends it). `idleFor` is how long counts as idle.
    package func hasEnded(at now: Date, on readings: Snapshot, idleFor: Duration = Pause.defaultIdle) -> Bool
    {
        if let until, now >= until { return true }
        switch condition {
        case nil:
            return false
        case .ac:
            return readings.battery.value.map { !$0.onBattery } ?? false
        case .unmetered:
            return readings.network.value.map { $0.metered.isUnmetered && $0.primary != .none } ?? false
        case .idle:
            guard let since = readings.idle.value?.idleSince else { return false }
            return now >= since.adding(idleFor)
        }
    }

    /// `until 16:00`, `until on AC`, `until 16:00 or on AC`, `until musicdiff resume`, with
    /// `time` wording the time.
    package func untilText(_ time: (Date) -> String) -> String {
        let ends = [until.map(time), condition?.words].compactMap { $0 }
        return "until " + (ends.isEmpty ? "musicdiff resume" : ends.joined(separator: " or "))
    }

    /// The stored form: `since=S until=U condition=C`, seconds since 1970 and `-` for none.
    package var stored: String {
        "since=\(since.timeIntervalSince1970) until=\(until.map { String($0.timeIntervalSince1970) } ?? "-")"
            + " condition=\(condition?.rawValue ?? "-")"
    }

    /// The pause a ``stored`` text says; nil when it is damaged (a time not finite or out of
    /// the years 1 to 9999, an unknown condition, a missing field).
    package init?(stored text: String) {
        var fields: [Substring: Substring] = [:]
        for field in text.split(separator: " ") {
            guard let equals = field.firstIndex(of: "=") else { return nil }
            fields[field[..<equals]] = field[field.index(after: equals)...]
        }
        func time(_ text: Substring) -> Date?? {
            if text == "-" { return .some(nil) }
            guard let seconds = Double(text), seconds.isFinite, abs(seconds) < 253_402_300_800 else {
                return nil
            }
            return .some(Date(timeIntervalSince1970: seconds))
        }
        guard let sinceText = fields["since"], let since = time(sinceText) ?? nil,
            let untilText = fields["until"], let until = time(untilText),
            let conditionText = fields["condition"]
        else { return nil }
        if conditionText == "-" {
            condition = nil
        } else {
            guard let condition = Condition(rawValue: String(conditionText)) else { return nil }
            self.condition = condition
        }
        self.since = since
        self.until = until
    }
}
