import Foundation
import MusicdiffTestSupport
import Testing

@testable import MusicdiffCore

/// The deferral ladder in the engine: the step in force at every boundary, cumulative
/// changes, the next step's time, the deadline, and the run watcher under a relaxed rule.
@Suite struct LadderEngineTests {
    static let hour: Double = 3600
    let now = Fixture.noon

    /// Unmetered, on battery down to 40 %, user idle 10 min; at 24h online will do; at 36h
    /// battery down to 20 % and idle off; everything waived at 48h.
    static let policy = Policy(
        name: "ladder",
        minGap: .seconds(6 * 3600),
        idle: IdleRule(min: .seconds(600)),
        network: NetworkRule(require: .unmetered),
        battery: BatteryRule(minPercent: 40),
        relax: [
            RelaxStep(after: .seconds(24 * 3600), network: .replace(NetworkRule(require: .online))),
            RelaxStep(after: .seconds(36 * 3600), idle: .off, battery: .replace(BatteryRule(minPercent: 20))),
        ],
        maxDeferral: .seconds(48 * 3600)
    )

    /// Metered, on battery at 30 %, user active; the last sync a day ago.
    func snapshot(overdue hours: Double) -> Snapshot {
        Snapshot.testing(
            lastSync: .known(.at(now.addingTimeInterval(-30 * Self.hour))),
            dueSince: now.addingTimeInterval(-hours * Self.hour),
            idle: Fixture.idle(since: nil),
            network: Fixture.network(.yes),
            battery: Fixture.battery(onBattery: true, percent: 30)
        )
    }

    func decide(overdue hours: Double, _ policy: Policy = Self.policy) -> Decision {
        Fixture.decide(policy, snapshot(overdue: hours))
    }

    @Test func beforeTheFirstStepThePolicysOwnRulesJudge() {
        let decision = decide(overdue: 3)
        #expect(decision.step == nil)
        #expect(decision.nextStep == Self.policy.relax[0])
        #expect(decision.nextStepAt == now.addingTimeInterval(21 * Self.hour))
        #expect(decision.blockers == [.idle, .network, .battery])
        #expect(decision.verdicts.allSatisfy { $0.step == nil })
        #expect(decision.verdict(.network)?.label == "network")
    }

    @Test func oneSecondBeforeAStepItIsNotInForceAndExactlyAtItItIs() {
        let before = decide(overdue: 24 - 1 / Self.hour)
        #expect(before.step == nil)
        #expect(before.nextStepAt == now.addingTimeInterval(1))
        #expect(before.verdict(.network)?.ok == false)
        let at = decide(overdue: 24)
        #expect(at.step == Self.policy.relax[0])
        #expect(at.verdict(.network)?.ok == true)
        #expect(at.verdict(.network)?.step == StepMark(after: .seconds(86_400), off: false))
        #expect(at.verdict(.network)?.label == "network (relaxed at 24h: online)")
        #expect(at.verdict(.network)?.required == "online")
        #expect(at.nextStep == Self.policy.relax[1])
        #expect(at.nextStepAt == now.addingTimeInterval(12 * Self.hour))
        #expect(at.blockers == [.idle, .battery])
    }

    @Test func stepsAreCumulativeAndOffKeepsTheVerdictButNotTheBlock() {
        let decision = decide(overdue: 36)
        #expect(decision.step == Self.policy.relax[1])
        #expect(decision.verdict(.network)?.label == "network (relaxed at 24h: online)", "step 1 still holds")
        let idle = decision.verdict(.idle)
        #expect(idle?.ok == false && idle?.blocks == false)
        #expect(idle?.label == "idle (off at 36h)")
        #expect(idle?.reason == "the user is active now; off since the relax step at 36h")
        #expect(decision.verdict(.battery)?.label == "battery (relaxed at 36h: AC or >= 20%)")
        #expect(decision.shouldSync)
        #expect(
            decision.nextStep == nil && decision.nextStepAt == nil,
            "max_deferral is the deadline, not a step"
        )
    }

    @Test func aStepThatReplacesThenOneThatDropsTheSameRule() {
        let policy = Policy(
            name: "p",
            network: NetworkRule(require: .unmetered),
            relax: [
                RelaxStep(after: .seconds(3600), network: .replace(NetworkRule(require: .online))),
                RelaxStep(after: .seconds(7200), network: .off),
            ]
        )
        let offline = Snapshot.testing(
            dueSince: now.addingTimeInterval(-5400),
            network: Fixture.network(connectivity: .none)
        )
        let replaced = Fixture.decide(policy, offline)
        #expect(replaced.verdict(.network)?.required == "online")
        #expect(!replaced.shouldSync)
        var later = offline
        later.dueSince = now.addingTimeInterval(-7200)
        let dropped = Fixture.decide(policy, later)
        #expect(dropped.verdict(.network)?.required == "online", "off judges the rule it drops")
        #expect(dropped.verdict(.network)?.label == "network (off at 2h)")
        #expect(dropped.shouldSync)
    }

    @Test func aLadderWithAWindowWidensThenDropsItAndTheTimeRulesFollow() {
        let policy = Policy(
            name: "night",
            window: [TimeWindow("01:00-05:00")!],
            relax: [
                RelaxStep(after: .seconds(3600), window: .replace([TimeWindow("22:00-07:00")!])),
                RelaxStep(after: .seconds(7200), window: .off),
            ]
        )
        let at2330 = Fixture.local(23, 30)
        func decide(overdue: Double) -> Decision {
            Fixture.decide(
                policy,
                Snapshot.testing(dueSince: at2330.date.addingTimeInterval(-overdue * 3600)),
                at2330
            )
        }
        let own = decide(overdue: 0.5)
        #expect(!own.shouldSync)
        #expect(own.timeRulesAllowAt == at2330.date.addingTimeInterval(1.5 * 3600))
        #expect(own.nextStepAt == at2330.date.addingTimeInterval(1800))
        let widened = decide(overdue: 1)
        #expect(widened.shouldSync)
        #expect(widened.verdict(.window)?.label == "window (relaxed at 1h: inside 22:00-07:00)")
        let at12 = Fixture.local(12, 0)
        let dropped = Fixture.decide(
            policy,
            Snapshot.testing(dueSince: at12.date.addingTimeInterval(-7200)),
            at12
        )
        #expect(dropped.shouldSync && dropped.timeRulesAllowAt == at12.date)
        #expect(dropped.verdict(.window)?.ok == false)
    }

    @Test func theDeadlineIsDuePlusMaxDeferralOrLaterWhenMinGapNeedsIt() {
        #expect(decide(overdue: 3).deadline == now.addingTimeInterval(45 * Self.hour))
        var recent = snapshot(overdue: 47.5)
        recent.lastSync = .known(.at(now.addingTimeInterval(-1 * Self.hour)))
        let pushed = Fixture.decide(Self.policy, recent)
        #expect(pushed.deadline == now.addingTimeInterval(5 * Self.hour), "min_gap holds it past due + 48h")
        var noDeferral = Self.policy
        noDeferral.maxDeferral = nil
        #expect(decide(overdue: 3, noDeferral).deadline == nil)
        #expect(Fixture.decide(Self.policy, Snapshot.testing()).deadline == nil, "not due: no deadline yet")
    }

    @Test func theDaemonWaitsForTheNextStepNotTheNextPoll() {
        var policy = Self.policy
        policy.poll = .seconds(3600)
        let state = ScheduleState(
            nextDue: now.addingTimeInterval(-Self.hour),
            dueSince: now.addingTimeInterval(-(24 * Self.hour - 90))
        )
        let decision = Fixture.decide(policy, snapshot(overdue: 24 - 90 / Self.hour))
        #expect(
            TickAction.next(state: state, now: now, decision: decision, policy: policy)
                == .waitForChange(until: now.addingTimeInterval(90))
        )
    }

    @Test func aRelaxedRuleDoesNotStopARunItAllows() {
        var policy = Self.policy
        policy.whileRunning = WhileRunning(
            network: NetworkRule(require: .unmetered),
            battery: RunningBatteryRule(minPercent: 25),
            idle: ActiveRule(activeFor: .seconds(30))
        )
        var running = snapshot(overdue: 30)
        running.battery = Fixture.battery(onBattery: true, percent: 22)
        running.activity = .known(ActivityState(activeFor: .seconds(60), source: "logind"))
        let early = PolicyEngine.whileRunning(policy, on: snapshot(overdue: 3), at: now)
        #expect(early.stoppers == [.network])
        let relaxed = PolicyEngine.whileRunning(policy, on: running, at: now)
        #expect(relaxed.verdict(.network) == nil, "online is what the step at 24h allows")
        #expect(relaxed.stoppers == [.battery, .idle], "the battery and idle rules are not relaxed yet")
        let later = PolicyEngine.whileRunning(policy, on: snapshot(overdue: 37), at: now)
        #expect(!later.shouldStop, "idle is off and 30 % meets the relaxed 20 %")
        var low = snapshot(overdue: 37)
        low.battery = Fixture.battery(onBattery: true, percent: 15)
        #expect(PolicyEngine.whileRunning(policy, on: low, at: now).stoppers == [.battery])
        #expect(
            !PolicyEngine.whileRunning(policy, on: low, at: now.addingTimeInterval(12 * Self.hour)).shouldStop
        )
        #expect(PolicyEngine.whileRunning(policy, on: running).stoppers.count == 3, "without now: no ladder")
    }
}
