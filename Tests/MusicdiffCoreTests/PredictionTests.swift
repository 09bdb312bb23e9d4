import Foundation
import MusicdiffTestSupport
import Testing

@testable import MusicdiffCore

/// The predicted window on hand-made histories: a steady routine, a weekday/weekend split,
/// too little history.
@Suite struct PredictionTests {
    /// Monday 2027-01-18 00:00 UTC.
    static let monday = Date(timeIntervalSince1970: 1_800_230_400)
    static let policy = Policy(name: "home", network: NetworkRule(require: .unmetered))

    /// A moment `hours` into day `day` (0: Monday the 18th), unmetered when `home`.
    static func moment(day: Int, hours: Double, home: Bool) -> RecordedMoment {
        let readings = Snapshot.testing(network: Fixture.network(home ? .no : .yes))
        return RecordedMoment(
            at: monday.addingTimeInterval(Double(day) * 86_400 + hours * 3600),
            kind: .decision,
            readings: readings
        )
    }

    /// Days `days` of a routine: away all day, home from `home` o'clock (readings each half hour).
    static func routine(_ days: some Sequence<Int>, home: (Int) -> Double) -> [RecordedMoment] {
        days.flatMap { day in
            stride(from: 0.0, to: 24, by: 0.5).map { Self.moment(day: day, hours: $0, home: $0 >= home(day)) }
        }
    }

    static func at(day: Int, hours: Double) -> Date {
        monday.addingTimeInterval(Double(day) * 86_400 + hours * 3600)
    }

    @Test func aSteadyRoutinePredictsTheEvening() throws {
        let moments = Self.routine(0..<7) { _ in 22.5 }
        let now = Self.at(day: 7, hours: 12)
        let predicted = try #require(
            Prediction.predict(Self.policy, moments: moments, now: now, utcOffset: 0)
        )
        #expect(predicted.from == Self.at(day: 7, hours: 22.5))
        #expect(
            predicted.days == 7 && predicted.of == 7 && predicted.weekdays == nil,
            "2 weekend days: not apart"
        )
        #expect(
            predicted.text(now: now) { _ in "22:30" }
                == "usually possible from 22:30 (on 7 of the last 7 days)"
        )
    }

    @Test func weekdaysAndWeekendsArePredictedApart() throws {
        // Weekdays home from 22:30, weekends from 10:00.
        let moments = Self.routine(0..<14) { day in day % 7 >= 5 ? 10 : 22.5 }
        let saturday = try #require(
            Prediction.predict(Self.policy, moments: moments, now: Self.at(day: 19, hours: 8), utcOffset: 0)
        )
        #expect(
            saturday.from == Self.at(day: 19, hours: 10) && saturday.weekdays == false && saturday.of == 4
        )
        let friday = try #require(
            Prediction.predict(Self.policy, moments: moments, now: Self.at(day: 18, hours: 8), utcOffset: 0)
        )
        #expect(friday.from == Self.at(day: 18, hours: 22.5) && friday.weekdays == true)
    }

    @Test func tooLittleHistoryPredictsNothing() {
        let moments = Self.routine(0..<2) { _ in 22.5 }
        #expect(
            Prediction.predict(Self.policy, moments: moments, now: Self.at(day: 2, hours: 12), utcOffset: 0)
                == nil
        )
        let never = Self.routine(0..<7) { _ in 25 }
        #expect(
            Prediction.predict(Self.policy, moments: never, now: Self.at(day: 7, hours: 12), utcOffset: 0)
                == nil
        )
    }
}
