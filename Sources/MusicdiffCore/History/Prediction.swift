import Foundation

/// When the policy as it is now will next pass, from the recorded moments of the last
/// ``days`` days: the next span of local time of day (in half hours) in which it passed on at
/// least half of the recorded days, weekdays and weekends apart when both have at least
/// ``minimumDays`` days. Pure: the caller reads the moments and gives the time.
package struct Prediction: Sendable, Equatable {
    /// When the span begins (now, if it has begun).
    package var from: Date
    /// When it ends.
    package var to: Date
    /// On how many of the recorded days the policy passed at its start.
    package var days: Int
    /// How many days of that kind were recorded.
    package var of: Int
    /// Whether the days counted are weekdays (true), weekend days (false) or all (nil).
    package var weekdays: Bool?

    /// How far back the prediction looks.
    package static let days = 14
    /// The fewest recorded days of a kind a prediction rests on.
    package static let minimumDays = 3
    /// How long a moment's readings are taken to hold after it.
    package static let freshness: TimeInterval = 1800
    static let slot: TimeInterval = 1800

    /// The next predicted span after `now` for `policy`, or nil when the history is too short
    /// or no half hour passed on half the days. `moments` are oldest first; they are summed up
    /// (``PredictionSummary``) as the daemon's store does it, one at a time.
    package static func predict(
        _ policy: Policy,
        moments: [RecordedMoment],
        now: Date,
        utcOffset: Int
    ) -> Prediction? {
        let start = now.addingTimeInterval(-Double(days) * 86_400)
        var summary = PredictionSummary()
        var next: Date?
        for moment in moments where moment.at >= start {
            guard moment.at < now else {
                next = moment.at
                break
            }
            summary.add(moment, passed: passes(policy, moment))
        }
        return summary.prediction(now: now, utcOffset: utcOffset, lastUntil: next)
    }

    /// The next span after `now` in which the half hours `passed` on each local day (days
    /// since 1970) held on at least half of the days of its kind.
    static func search(_ passed: [Int: Set<Int>], now: Date, utcOffset: Int) -> Prediction? {
        func group(weekday: Bool) -> [Set<Int>] {
            passed.filter { Self.isWeekday($0.key) == weekday }.map(\.value)
        }
        let split = group(weekday: true).count >= minimumDays && group(weekday: false).count >= minimumDays
        guard passed.count >= minimumDays else { return nil }
        let today = Self.day(now, utcOffset)
        let nowSlot = Self.slotOf(now, utcOffset)
        let midnight = now.addingTimeInterval(
            -Double(LocalInstant(date: now, utcOffset: utcOffset).secondOfDay)
        )
        for offset in 0..<(48 * 2) {
            let day = today + (nowSlot + offset) / 48
            let slotIndex = (nowSlot + offset) % 48
            let weekday = Self.isWeekday(day)
            let days = split ? group(weekday: weekday) : Array(passed.values)
            let count = days.filter { $0.contains(slotIndex) }.count
            guard count * 2 >= days.count, count > 0 else { continue }
            var length = 1
            while length < 48, days.filter({ $0.contains((slotIndex + length) % 48) }).count * 2 >= days.count
            {
                length += 1
            }
            let begin = midnight.addingTimeInterval(Double(nowSlot + offset) * slot)
            return Prediction(
                from: max(begin, now),
                to: begin.addingTimeInterval(Double(length) * slot),
                days: count,
                of: days.count,
                weekdays: split ? weekday : nil
            )
        }
        return nil
    }

    /// Whether the policy's own rules (unrelaxed, `min_gap` aside) pass on the moment's readings.
    package static func passes(_ policy: Policy, _ moment: RecordedMoment) -> Bool {
        var snapshot = moment.readings
        snapshot.lastSync = .known(.never)
        snapshot.dueSince = nil
        let decision = PolicyEngine.decide(
            policy,
            on: snapshot,
            at: LocalInstant(date: moment.at, utcOffset: moment.utcOffset)
        )
        return decision.shouldSync
    }

    /// Days since 1970 in local time.
    package static func day(_ date: Date, _ utcOffset: Int) -> Int {
        Int(((date.timeIntervalSince1970 + Double(utcOffset)) / 86_400).rounded(.down))
    }

    /// The local half hour of the day, 0 to 47.
    static func slotOf(_ date: Date, _ utcOffset: Int) -> Int {
        LocalInstant(date: date, utcOffset: utcOffset).secondOfDay / Int(slot)
    }

    /// Whether a local day (days since 1970, a Thursday) is Monday to Friday.
    static func isWeekday(_ day: Int) -> Bool { ((day % 7) + 7) % 7 < 2 || ((day % 7) + 7) % 7 > 3 }

    /// `usually possible from 22:30 (on 5 of the last 7 weekdays)`, `time` wording the time.
    package func text(now: Date, _ time: (Date) -> String) -> String {
        let kind = weekdays.map { $0 ? "weekdays" : "weekend days" } ?? "days"
        let when = from <= now ? "now, until \(time(to))" : "from \(time(from))"
        return "usually possible \(when) (on \(days) of the last \(of) \(kind))"
    }
}
