import Foundation
import MusicdiffTestSupport
import Testing

@testable import MusicdiffCore

@Suite struct ActivityTrackerTests {
    let start = Fixture.noon

    func idle(since offset: Double?) -> Reading<IdleState> {
        .known(IdleState(idleSince: offset.map { start.addingTimeInterval($0) }, source: "/proc/interrupts"))
    }

    func activeFor(_ reading: Reading<ActivityState>) -> Duration? { reading.value?.activeFor }

    @Test func anAwayUserIsNotActive() {
        var tracker = ActivityTracker()
        #expect(activeFor(tracker.observe(idle(since: 0), at: start.addingTimeInterval(600))) == nil)
        #expect(tracker.stretchStart == nil)
    }

    @Test func oneTouchIsNoActivityAndContinuedInputAddsUp() {
        var tracker = ActivityTracker()
        #expect(activeFor(tracker.observe(idle(since: 0), at: start.addingTimeInterval(2))) == .zero)
        #expect(activeFor(tracker.observe(idle(since: 20), at: start.addingTimeInterval(21))) == .seconds(20))
        #expect(activeFor(tracker.observe(idle(since: 45), at: start.addingTimeInterval(50))) == .seconds(45))
    }

    @Test func aPauseOfAMinuteEndsTheStretch() {
        var tracker = ActivityTracker()
        _ = tracker.observe(idle(since: 0), at: start)
        _ = tracker.observe(idle(since: 20), at: start.addingTimeInterval(20))
        #expect(activeFor(tracker.observe(idle(since: 20), at: start.addingTimeInterval(80))) == nil)
        #expect(activeFor(tracker.observe(idle(since: 100), at: start.addingTimeInterval(101))) == .zero)
    }

    @Test func activeNowCountsUpToTheReadingsMoment() {
        var tracker = ActivityTracker()
        let logind = Reading<IdleState>.known(IdleState(idleSince: nil, source: "logind session 2"))
        #expect(activeFor(tracker.observe(logind, at: start)) == .zero)
        let later = tracker.observe(logind, at: start.addingTimeInterval(31))
        #expect(later == .known(ActivityState(activeFor: .seconds(31), source: "logind session 2")))
    }

    @Test func anUnknownIdleReadingIsUnknownAndEndsTheStretch() {
        var tracker = ActivityTracker()
        _ = tracker.observe(idle(since: nil), at: start)
        #expect(
            tracker.observe(.unknown(reason: "no input activity readable"), at: start.addingTimeInterval(5))
                == .unknown(reason: "no input activity readable")
        )
        #expect(activeFor(tracker.observe(idle(since: nil), at: start.addingTimeInterval(40))) == .zero)
    }

    @Test func fedToTheEngineItStopsAfterActiveFor() {
        let policy = Policy(name: "p", whileRunning: WhileRunning(idle: ActiveRule(activeFor: .seconds(30))))
        var tracker = ActivityTracker()
        var stops: [Int] = []
        for second in stride(from: 0, through: 60, by: 5) {
            let now = start.addingTimeInterval(Double(second))
            let activity = tracker.observe(idle(since: Double(second) - 1), at: now)
            if PolicyEngine.whileRunning(policy, on: Snapshot.testing(activity: activity)).shouldStop {
                stops.append(second)
            }
        }
        #expect(stops.first == 30, "input from -1s to 29s is 30s of activity")
    }
}
