import Foundation
import MusicdiffTestSupport
import Testing

@testable import MusicdiffCore

@Suite struct MinGapRuleTests {
    let policy = Policy(name: "gap", minGap: .seconds(6 * 3600))
    let now = Fixture.noon

    func decide(last: Reading<LastSync>) -> Decision {
        Fixture.decide(policy, Snapshot.testing(lastSync: last))
    }

    @Test func exactlyTheGapAgoPasses() {
        let decision = decide(last: .known(.at(now.addingTimeInterval(-6 * 3600))))
        #expect(decision.shouldSync)
        #expect(decision.verdict(.minGap)?.observed == "last sync 6h ago")
        #expect(decision.timeRulesAllowAt == now)
    }

    @Test func oneSecondShortOfTheGapFailsAndSaysWhenItWillPass() {
        let decision = decide(last: .known(.at(now.addingTimeInterval(-6 * 3600 + 1))))
        let verdict = decision.verdict(.minGap)
        #expect(!decision.shouldSync)
        #expect(verdict?.ok == false)
        #expect(decision.timeRulesAllowAt == now.addingTimeInterval(1))
        #expect(
            verdict?.reason == "the last successful sync was 5h 59m ago, less than 6h; allowed again in 1s"
        )
    }

    @Test func noSyncRecordedYetPasses() {
        let verdict = decide(last: .known(.never)).verdict(.minGap)
        #expect(verdict?.ok == true)
        #expect(verdict?.observed == "no sync recorded yet")
        #expect(verdict?.reason == "no sync recorded yet")
    }

    @Test func aLastSyncInTheFutureBlocksForOneGapAtMost() {
        let decision = decide(last: .known(.at(now.addingTimeInterval(3 * 3600))))
        #expect(!decision.shouldSync)
        #expect(decision.timeRulesAllowAt == now.addingTimeInterval(6 * 3600))
    }

    @Test(arguments: [UnknownPolicy.pass, .block])
    func anUnreadableHistoryFollowsOnUnknown(onUnknown: UnknownPolicy) {
        var policy = self.policy
        policy.onUnknown = onUnknown
        let decision = Fixture.decide(
            policy,
            Snapshot.testing(lastSync: .unknown(reason: "state.sqlite is locked"))
        )
        #expect(decision.verdict(.minGap)?.ok == nil)
        #expect(decision.shouldSync == (onUnknown == .pass))
        #expect(decision.verdict(.minGap)?.reason.hasPrefix("state.sqlite is locked; the rule ") == true)
    }
}

@Suite struct WindowRuleTests {
    let night = Policy(name: "night", window: [TimeWindow("22:00-07:00")!])
    let office = Policy(name: "office", window: [TimeWindow("09:00-17:30")!])

    @Test(arguments: [
        (22, 0, 0, true), (21, 59, 59, false), (23, 30, 0, true), (0, 0, 0, true), (6, 59, 59, true),
        (7, 0, 0, false), (12, 0, 0, false),
    ])
    func aWindowCrossingMidnight(hour: Int, minute: Int, second: Int, inside: Bool) {
        let decision = Fixture.decide(night, Snapshot.testing(), Fixture.local(hour, minute, second))
        #expect(decision.shouldSync == inside)
    }

    @Test(arguments: [(9, 0, true), (8, 59, false), (17, 29, true), (17, 30, false)])
    func aDaytimeWindowIncludesItsStartAndExcludesItsEnd(hour: Int, minute: Int, inside: Bool) {
        #expect(Fixture.decide(office, Snapshot.testing(), Fixture.local(hour, minute)).shouldSync == inside)
    }

    @Test func localTimeFollowsTheUTCOffset() {
        // 21:30 UTC is 23:30 at UTC+2: inside the night window there, outside it in UTC.
        let date = Fixture.local(21, 30).date
        #expect(Fixture.decide(night, Snapshot.testing(), Fixture.at(date, offset: 7200)).shouldSync)
        #expect(!Fixture.decide(night, Snapshot.testing(), Fixture.at(date, offset: 0)).shouldSync)
    }

    @Test func outsideTheWindowTheDecisionSaysWhenItOpens() {
        let now = Fixture.local(20, 15)
        let decision = Fixture.decide(night, Snapshot.testing(), now)
        #expect(decision.timeRulesAllowAt == now.date.addingTimeInterval(105 * 60))
        #expect(
            decision.verdict(.window)?.reason
                == "20:15 is outside 22:00-07:00; the next window opens in 1h 45m"
        )
        #expect(decision.verdict(.window)?.observed == "local time 20:15")
        #expect(decision.verdict(.window)?.required == "inside 22:00-07:00")
    }

    @Test func theEarliestOfSeveralWindowsCounts() {
        let policy = Policy(name: "two", window: [TimeWindow("22:00-23:00")!, TimeWindow("13:00-14:00")!])
        let now = Fixture.local(12, 0)
        #expect(
            Fixture.decide(policy, Snapshot.testing(), now).timeRulesAllowAt
                == now.date.addingTimeInterval(3600)
        )
        #expect(Fixture.decide(policy, Snapshot.testing(), Fixture.local(13, 30)).shouldSync)
    }

    @Test func minGapEndingOutsideTheWindowWaitsForTheNextOpening() {
        // Last sync at 04:00; a 6 h gap ends at 10:00, after the night window closed at 07:00.
        var policy = night
        policy.minGap = .seconds(6 * 3600)
        let now = Fixture.local(5, 0)
        let snapshot = Snapshot.testing(lastSync: .known(.at(now.date.addingTimeInterval(-3600))))
        let decision = Fixture.decide(policy, snapshot, now)
        #expect(decision.blockers == [.minGap])
        #expect(decision.timeRulesAllowAt == now.date.addingTimeInterval(17 * 3600))  // 22:00
    }
}
