import Foundation

/// What ``Prediction`` rests on, kept small so that a prediction reads no row of history: for
/// each local day, the newest moment recorded on it; for each local half hour in which the
/// policy's own rules passed, the newest passing moment whose readings held in it; and the
/// newest moment, whose readings hold until the next one (or now). Moments are added one at a
/// time, oldest first, each in constant time; a policy's days beyond ``Prediction/days`` are
/// forgotten, so it holds at most 15 days and 15 × 48 half hours. It is for one policy: whether
/// each moment passed is decided once, when the moment is added.
package struct PredictionSummary: Sendable, Equatable {
    /// A local half hour: days since 1970 in local time, and the half hour of that day (0–47).
    package struct Slot: Hashable, Sendable {
        /// Days since 1970, local time.
        package var day: Int
        /// The half hour of the day, 0 to 47.
        package var half: Int

        /// A half hour of a local day.
        package init(day: Int, half: Int) {
            self.day = day
            self.half = half
        }
    }

    /// The newest moment added: its readings hold until the next one, at most
    /// ``Prediction/freshness``.
    package struct Last: Sendable, Equatable {
        /// When it was recorded.
        package var at: Date
        /// Its local time's offset from UTC, in seconds.
        package var utcOffset: Int
        /// Whether the policy's own rules passed on its readings.
        package var passed: Bool

        /// A moment as the summary keeps it.
        package init(at: Date, utcOffset: Int, passed: Bool) {
            self.at = at
            self.utcOffset = utcOffset
            self.passed = passed
        }
    }

    /// Each local day with a moment, and the newest moment on it.
    package var days: [Int: Date]
    /// Each half hour the policy passed in, and the newest passing moment that covered it.
    package var slots: [Slot: Date]
    /// The newest moment added; nil before the first.
    package var last: Last?

    /// A summary of these days, half hours and newest moment (empty by default).
    package init(days: [Int: Date] = [:], slots: [Slot: Date] = [:], last: Last? = nil) {
        self.days = days
        self.slots = slots
        self.last = last
    }

    /// Adds `moment`, recorded after every moment already added, on which `policy` passed or
    /// not (``Prediction/passes(_:_:)``): the last moment's readings are taken to hold until it.
    package mutating func add(_ moment: RecordedMoment, passed: Bool) {
        if let last {
            for slot in Self.slots(of: last, until: moment.at) {
                slots[slot] = max(slots[slot] ?? last.at, last.at)
            }
        }
        let day = Prediction.day(moment.at, moment.utcOffset)
        days[day] = max(days[day] ?? moment.at, moment.at)
        last = Last(at: moment.at, utcOffset: moment.utcOffset, passed: passed)
    }

    /// The half hours in which `last`'s readings held when the next moment came at `next`
    /// (at most ``Prediction/freshness`` after it; at least its own half hour); none when the
    /// policy did not pass on them.
    package static func slots(of last: Last, until next: Date) -> [Slot] {
        guard last.passed else { return [] }
        let end = max(
            min(next, last.at.addingTimeInterval(Prediction.freshness)),
            last.at.addingTimeInterval(1)
        )
        var slots: [Slot] = []
        var time = last.at
        while time < end {
            slots.append(
                Slot(day: Prediction.day(time, last.utcOffset), half: Prediction.slotOf(time, last.utcOffset))
            )
            time = time.addingTimeInterval(Prediction.slot)
        }
        return slots
    }

    /// Forgets the days (and their half hours) before `day`.
    package mutating func forget(before day: Int) {
        days = days.filter { $0.key >= day }
        slots = slots.filter { $0.key.day >= day }
    }

    /// The prediction at `now` from the moments of the ``Prediction/days`` days before it, the
    /// newest moment's readings held until `lastUntil` (now, unless a later moment is known).
    package func prediction(now: Date, utcOffset: Int, lastUntil: Date? = nil) -> Prediction? {
        let start = now.addingTimeInterval(-Double(Prediction.days) * 86_400)
        let window = start..<now
        var passed: [Int: Set<Int>] = [:]
        for (day, at) in days where window.contains(at) { passed[day, default: []] = [] }
        var held = slots.filter { window.contains($0.value) }.map(\.key)
        if let last, window.contains(last.at) { held += Self.slots(of: last, until: lastUntil ?? now) }
        for slot in held { passed[slot.day, default: []].insert(slot.half) }
        return Prediction.search(passed, now: now, utcOffset: utcOffset)
    }
}
