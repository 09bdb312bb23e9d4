import Foundation
import MusicdiffTestSupport
import Testing

@testable import MusicdiffCore

@Suite struct SchedulePlanTests {
    let utc = TimeZone(identifier: "UTC")!
    let now = Fixture.noon
    let hour: TimeInterval = 3600

    var sixHours: SchedulePlan { SchedulePlan(schedule: .interval(.seconds(6 * 3600)), timeZone: utc) }
    var nightly: SchedulePlan {
        SchedulePlan(schedule: .cron(try! CronExpression("0 2 * * *")), timeZone: utc)
    }

    @Test func aFreshIntervalDaemonSyncsAtOnceAndACronOneWaitsForItsTime() {
        #expect(sixHours.start(persisted: nil, lastRun: nil, now: now).nextDue == now)
        #expect(
            nightly.start(persisted: nil, lastRun: nil, now: now).nextDue == now.addingTimeInterval(14 * hour)
        )
    }

    @Test func anIntervalCountsFromTheLastRun() {
        let state = sixHours.start(persisted: nil, lastRun: now.addingTimeInterval(-2 * hour), now: now)
        #expect(state.nextDue == now.addingTimeInterval(4 * hour))
    }

    @Test func missedRunsWhileOffCoalesceIntoOneDueNow() {
        // Off for three days: one due time in the past, not three.
        let persisted = ScheduleState(nextDue: now.addingTimeInterval(-72 * hour))
        let state = nightly.start(persisted: persisted, lastRun: now.addingTimeInterval(-80 * hour), now: now)
        #expect(state.nextDue == persisted.nextDue)
        let due = nightly.markDue(state, now: now)
        #expect(due.dueSince == persisted.nextDue)
        #expect(TickAction.next(state: due, now: now, decision: nil, policy: nil) == .runSync)
        let after = nightly.afterRun(due, succeeded: true, now: now, jitterFraction: 0)
        #expect(after == ScheduleState(nextDue: now.addingTimeInterval(14 * hour)))
    }

    @Test func aClockSetBackwardsDoesNotPushTheDueTimeBeyondOnePeriod() {
        // The due time was set while the clock read a year ahead.
        let persisted = ScheduleState(
            nextDue: now.addingTimeInterval(365 * 24 * hour),
            dueSince: now + 99 * hour
        )
        let state = sixHours.start(persisted: persisted, lastRun: nil, now: now)
        #expect(state.nextDue == now.addingTimeInterval(6 * hour))
        #expect(state.dueSince == now)
        let cron = nightly.normalized(
            ScheduleState(nextDue: now.addingTimeInterval(100 * 24 * hour)),
            now: now
        )
        #expect(cron.nextDue == now.addingTimeInterval(14 * hour))
    }

    @Test func failuresBackOffExponentiallyCappedByTheSchedule() {
        var state = ScheduleState(nextDue: now, dueSince: now)
        var waits: [TimeInterval] = []
        for _ in 0..<12 {
            state = sixHours.afterRun(state, succeeded: false, now: now, jitterFraction: 0.5)
            waits.append(state.nextDue.timeIntervalSince(now))
        }
        #expect(waits == [60, 120, 240, 480, 960, 1920, 3840, 7680, 15360, 21600, 21600, 21600])
        #expect(state.consecutiveFailures == 12)
        #expect(state.dueSince == now, "max_deferral keeps counting from the first due time")
        let recovered = sixHours.afterRun(state, succeeded: true, now: now, jitterFraction: 0)
        #expect(recovered == ScheduleState(nextDue: now.addingTimeInterval(6 * hour)))
    }

    @Test(arguments: [0.0, 0.25, 0.999])
    func jitterDelaysScheduledRunsByItsFraction(fraction: Double) {
        var plan = sixHours
        plan.jitter = .seconds(600)
        let state = plan.afterRun(
            ScheduleState(nextDue: now),
            succeeded: true,
            now: now,
            jitterFraction: fraction
        )
        #expect(state.nextDue == now.addingTimeInterval(6 * hour + 600 * fraction))
    }
}

@Suite struct TickActionTests {
    let now = Fixture.noon
    let laptop = ShippedPolicies.policy(named: "laptop")!

    func decision(_ snapshot: Snapshot, _ policy: Policy) -> Decision {
        PolicyEngine.decide(policy, on: snapshot, at: LocalInstant(date: now, utcOffset: 0))
    }

    @Test func beforeTheDueTimeItSleeps() {
        let state = ScheduleState(nextDue: now + 60)
        #expect(
            TickAction.next(state: state, now: now, decision: nil, policy: nil) == .sleep(until: now + 60)
        )
    }

    @Test func aSensorBlockWaitsForAnEventOrThePollTick() {
        let state = ScheduleState(nextDue: now - 10, dueSince: now - 10)
        let blocked = decision(
            Snapshot.testing(battery: Fixture.battery(onBattery: true, percent: 10)),
            laptop
        )
        #expect(
            TickAction.next(state: state, now: now, decision: blocked, policy: laptop)
                == .waitForChange(until: now + 60)
        )
    }

    @Test func theWaiverComingSoonerThanThePollTickWakesTheDaemonForIt() {
        let since = now.addingTimeInterval(-48 * 3600 + 20)
        let state = ScheduleState(nextDue: since, dueSince: since)
        let blocked = decision(
            Snapshot.testing(dueSince: since, battery: Fixture.battery(onBattery: true, percent: 10)),
            laptop
        )
        #expect(
            TickAction.next(state: state, now: now, decision: blocked, policy: laptop)
                == .waitForChange(until: now + 20)
        )
    }

    @Test func aTimeBlockSleepsUntilTheTimeRulesAllow() {
        let state = ScheduleState(nextDue: now - 10, dueSince: now - 10)
        let lastSync = Snapshot.testing(lastSync: .known(.at(now - 3600)))
        #expect(
            TickAction.next(state: state, now: now, decision: decision(lastSync, laptop), policy: laptop)
                == .waitForTime(until: now + 5 * 3600)
        )
    }

    @Test func pastTheYear4001TheWaitStillEndsAfterNow() {
        // Date.distantFuture is 4001-01-01: no deadline may stand for "none" with it.
        let later = Date(timeIntervalSince1970: 95_649_120_000)  // 5001-01-01
        let state = ScheduleState(nextDue: later - 10, dueSince: later - 10)
        let blocked = PolicyEngine.decide(
            ShippedPolicies.policy(named: "server")!,
            on: Snapshot.testing(load: .known(LoadState(oneMinute: 9, cpus: 1))),
            at: LocalInstant(date: later, utcOffset: 0)
        )
        #expect(
            TickAction.next(state: state, now: later, decision: blocked, policy: nil)
                == .waitForChange(until: later + 60)
        )
    }

    @Test func anAllowingDecisionRunsTheSync() {
        let state = ScheduleState(nextDue: now, dueSince: now)
        let server = ShippedPolicies.policy(named: "server")!
        let allowed = decision(Snapshot.testing(load: .known(LoadState(oneMinute: 0.1, cpus: 2))), server)
        #expect(TickAction.next(state: state, now: now, decision: allowed, policy: server) == .runSync)
    }

    /// The store's key for an interval is exact; the key earlier versions wrote is known where
    /// it named the interval exactly.
    @Test func theScheduleKeyIsExactAndKnowsTheFormerOne() {
        let key = { (hours: Double) in Schedule.interval(.seconds(hours * 3600)) }
        #expect(key(26.5).describe(cronText: nil) == "every 1d2h30m")
        #expect(key(26.5).formerKey(cronText: nil) == nil, "every 1d 2h was 26h's too")
        #expect(key(1.5).describe(cronText: nil) == "every 1h30m")
        #expect(key(1.5).formerKey(cronText: nil) == "every 1h 30m")
        #expect(key(6).describe(cronText: nil) == "every 6h")
        #expect(key(6).formerKey(cronText: nil) == nil)
    }
}
