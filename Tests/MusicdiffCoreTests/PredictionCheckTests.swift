import Foundation
import MusicdiffTestSupport
import Testing

@testable import MusicdiffCore

/// `replay --predict`'s figures on hand-made histories: a steady routine is predicted right,
/// a routine that changes is missed, and the first days have no prediction.
@Suite struct PredictionCheckTests {
    typealias Base = PredictionTests

    /// `routine`'s moments, each day's due at 20:00 (its decisions from then carry it).
    static func withDue(_ moments: [RecordedMoment]) -> [RecordedMoment] {
        moments.map { moment in
            var moment = moment
            let day = (moment.at.timeIntervalSince(Base.monday) / 86_400).rounded(.down)
            let due = Base.at(day: Int(day), hours: 20)
            if moment.at >= due { moment.dueSince = due }
            return moment
        }
    }

    /// The check over the due times of days `from` to `to` (exclusive).
    static func check(_ moments: [RecordedMoment], days: Range<Int>) -> PredictionCheck {
        PredictionCheck.measure(
            Base.policy,
            moments: moments,
            from: Base.at(day: days.lowerBound, hours: 0),
            to: Base.at(day: days.upperBound, hours: 0)
        )
    }

    @Test func aSteadyRoutineIsHitWithTheErrorOfItsStart() {
        let moments = Self.withDue(Base.routine(0..<10) { _ in 22.5 })
        let check = Self.check(moments, days: 0..<10)
        #expect(check.trials.count == 10)
        // Days 0 and 1 have under 3 recorded days before them (day 2 counts its own morning).
        #expect(check.unpredicted == 2)
        #expect(check.hits == 8 && check.misses == 0 && check.unknown == 0)
        #expect(check.medianError == .zero, "predicted 22:30, possible at 22:30")
        #expect(check == Self.check(moments, days: 0..<10), "the same figures twice")
    }

    @Test func aRoutineThatChangesIsMissed() {
        // Home from 22:30 for 5 days, then from 21:00 for 1, then never for 2.
        let moments = Self.withDue(Base.routine(0..<8) { day in day < 5 ? 22.5 : day == 5 ? 21 : 24 })
        let check = Self.check(moments, days: 5..<8)
        #expect(check.trials.count == 3)
        #expect(check.hits == 1 && check.misses == 2)
        #expect(check.medianError == .seconds(5400), "predicted 22:30, possible at 21:00")
    }
}
