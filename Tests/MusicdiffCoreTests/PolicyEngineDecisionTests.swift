import Foundation
import MusicdiffTestSupport
import Testing

@testable import MusicdiffCore

@Suite struct DeferralAndUnknownTests {
    let now = Fixture.noon
    var policy: Policy {
        Policy(
            name: "laptop",
            minGap: .seconds(6 * 3600),
            idle: IdleRule(min: .seconds(600)),
            battery: BatteryRule(minPercent: 40),
            window: [TimeWindow("01:00-02:00")!],
            maxDeferral: .seconds(48 * 3600)
        )
    }

    func snapshot(dueFor hours: Double, lastSyncHoursAgo: Double = 50) -> Snapshot {
        Snapshot.testing(
            lastSync: .known(.at(now.addingTimeInterval(-lastSyncHoursAgo * 3600))),
            dueSince: now.addingTimeInterval(-hours * 3600),
            idle: Fixture.idle(since: nil),
            battery: Fixture.battery(onBattery: true, percent: 10)
        )
    }

    @Test func justShortOfMaxDeferralEveryRuleHolds() {
        let decision = Fixture.decide(policy, snapshot(dueFor: 48 - 1.0 / 3600))
        #expect(decision.waiver == nil)
        #expect(decision.blockers == [.window, .idle, .battery])
    }

    @Test func atMaxDeferralOnlyMinGapStillHolds() {
        let decision = Fixture.decide(policy, snapshot(dueFor: 48))
        #expect(decision.shouldSync)
        #expect(decision.waiver == Waiver(overdue: .seconds(48 * 3600), maxDeferral: .seconds(48 * 3600)))
        let battery = decision.verdict(.battery)
        #expect(battery?.ok == false)
        #expect(battery?.blocks == false)
        #expect(
            battery?.reason
                == "on battery at 10%, below 40%; waived: the sync is overdue by 2d, max_deferral is 48h"
        )
        #expect(decision.timeRulesAllowAt == now, "the window is waived too")
    }

    @Test func minGapIsNeverWaived() {
        let decision = Fixture.decide(policy, snapshot(dueFor: 100, lastSyncHoursAgo: 1))
        #expect(decision.blockers == [.minGap])
        #expect(decision.verdict(.minGap)?.waivedBy == nil)
    }

    @Test func withoutADueTimeNothingIsWaived() {
        var snapshot = self.snapshot(dueFor: 100)
        snapshot.dueSince = nil
        #expect(Fixture.decide(policy, snapshot).waiver == nil)
    }

    @Test func onUnknownBlockMakesUnreadableSensorsBlock() {
        var policy = Policy(name: "strict", idle: IdleRule(min: .seconds(60)), load: LoadRule(maxPerCore: 1))
        policy.onUnknown = .block
        let decision = Fixture.decide(
            policy,
            Snapshot.testing(idle: .unknown(reason: "logind is not running"))
        )
        #expect(decision.blockers == [.idle, .load])
        #expect(
            decision.verdict(.idle)?.reason
                == "logind is not running; the rule blocks until it can be read (on_unknown: block)"
        )
    }

    @Test func onUnknownPassLetsThemPassButKeepsOkNull() {
        let policy = Policy(name: "lenient", idle: IdleRule(min: .seconds(60)))
        let decision = Fixture.decide(
            policy,
            Snapshot.testing(idle: .unknown(reason: "logind is not running"))
        )
        #expect(decision.shouldSync)
        #expect(decision.verdict(.idle)?.ok == nil)
    }

    @Test func anEmptyPolicyAlwaysAllowsAndHasNoVerdicts() {
        let decision = Fixture.decide(Policy(name: "empty"), Snapshot.testing())
        #expect(decision.shouldSync)
        #expect(decision.verdicts.isEmpty)
    }

    @Test func verdictsComeInRuleOrderOnePerRulePresent() {
        let full = ShippedPolicies.policy(named: "conservative")!
        let decision = Fixture.decide(full, Snapshot.testing())
        #expect(decision.verdicts.map(\.rule) == [.minGap, .window, .idle, .network, .load, .battery])
    }
}
