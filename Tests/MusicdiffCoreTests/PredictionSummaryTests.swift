import Foundation
import MusicdiffTestSupport
import Testing

@testable import MusicdiffCore

/// ``PredictionSummary`` predicts as the scan of 14 days of moments did before it (kept here,
/// as it was, for the comparison), on a routine and on an irregular history.
@Suite struct PredictionSummaryTests {
    /// The prediction as it was computed from the moments, before the summary.
    static func scanned(_ policy: Policy, _ moments: [RecordedMoment], now: Date) -> Prediction? {
        let start = now.addingTimeInterval(-Double(Prediction.days) * 86_400)
        var passed: [Int: Set<Int>] = [:]
        for (index, moment) in moments.enumerated() where moment.at >= start && moment.at < now {
            let day = Prediction.day(moment.at, moment.utcOffset)
            if passed[day] == nil { passed[day] = [] }
            guard Prediction.passes(policy, moment) else { continue }
            let next = index + 1 < moments.count ? moments[index + 1].at : now
            let end = min(next, moment.at.addingTimeInterval(Prediction.freshness))
            var time = moment.at
            while time < max(end, moment.at.addingTimeInterval(1)) {
                passed[Prediction.day(time, moment.utcOffset), default: []].insert(
                    Prediction.slotOf(time, moment.utcOffset)
                )
                time = time.addingTimeInterval(Prediction.slot)
            }
        }
        return Prediction.search(passed, now: now, utcOffset: 0)
    }

    /// 20 days of moments at irregular gaps (1 to 90 minutes), unmetered at random half the
    /// evening and a quarter of the day: the same every run.
    static func irregular() -> [RecordedMoment] {
        var seed: UInt64 = 24
        func next(_ bound: UInt64) -> UInt64 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (seed >> 33) % bound
        }
        var moments: [RecordedMoment] = []
        var at = PredictionTests.monday
        while at < PredictionTests.monday.addingTimeInterval(20 * 86_400) {
            let hour = Int(at.timeIntervalSince(PredictionTests.monday) / 3600) % 24
            let home = next(4) < (hour >= 20 ? 3 : 1)
            moments.append(
                RecordedMoment(
                    at: at,
                    kind: .decision,
                    readings: .testing(network: Fixture.network(home ? .no : .yes))
                )
            )
            at = at.addingTimeInterval(Double(60 + next(90 * 60)))
        }
        return moments
    }

    @Test(arguments: [0.0, 7.25, 12, 21.9, 23.99])
    func theSummaryPredictsAsTheScanDid(hours: Double) {
        let routine = PredictionTests.routine(0..<14) { day in day % 7 >= 5 ? 10 : 22.5 }
        let irregular = Self.irregular()
        for day in [3, 9, 14, 19] {
            let now = PredictionTests.at(day: day, hours: hours)
            for moments in [routine, irregular] {
                let summed = Prediction.predict(
                    PredictionTests.policy,
                    moments: moments,
                    now: now,
                    utcOffset: 0
                )
                #expect(summed == Self.scanned(PredictionTests.policy, moments, now: now), "day \(day)")
            }
        }
    }

    @Test func addedOneByOneItForgetsOldDaysAndPredictsTheSame() {
        let moments = Self.irregular()
        var summary = PredictionSummary()
        for moment in moments {
            summary.add(moment, passed: Prediction.passes(PredictionTests.policy, moment))
        }
        let now = moments.last!.at.addingTimeInterval(900)
        let today = Prediction.day(now, 0)
        summary.forget(before: today - Prediction.days - 1)
        #expect(summary.days.count <= 16 && summary.slots.count <= 16 * 48)
        #expect(
            summary.prediction(now: now, utcOffset: 0)
                == Self.scanned(PredictionTests.policy, moments, now: now)
        )
    }
}
