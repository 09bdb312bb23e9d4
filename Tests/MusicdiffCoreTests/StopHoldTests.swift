import Foundation
import MusicdiffTestSupport
import Testing

@testable import MusicdiffCore

/// After a `while_running` stop the sync is held until the reading that stopped it has changed
/// so that the rule would not stop it again (issue 20, item 1). The policies here are built in
/// code, past the parser's check, as a policy that makes a cycle would have to be.
@Suite struct StopHoldTests {
    static let now = Fixture.noon
    static let due = now.addingTimeInterval(-600)

    /// Starts on any online network and on any charge, without asking the user to be away.
    static let loose = Policy(
        name: "loose",
        network: NetworkRule(require: .online),
        relax: [RelaxStep(after: .seconds(3600), network: .replace(NetworkRule(require: .any)))],
        whileRunning: WhileRunning(
            network: NetworkRule(require: .unmetered),
            battery: RunningBatteryRule(minPercent: 25),
            idle: ActiveRule(activeFor: .seconds(1))
        )
    )

    static func snapshot(
        network: Reading<NetworkState> = Fixture.network(),
        battery: Reading<BatteryState> = Fixture.battery(onBattery: false, percent: 80),
        idle: Reading<IdleState> = Fixture.idle(since: now.addingTimeInterval(-3600)),
        activity: Reading<ActivityState> = .known(ActivityState(activeFor: nil, source: "logind"))
    ) -> Snapshot {
        var snapshot = Snapshot.testing(dueSince: due, idle: idle, network: network, battery: battery)
        snapshot.activity = activity
        return snapshot
    }

    static let metered = snapshot(network: Fixture.network(.yes))
    static let low = snapshot(battery: Fixture.battery(onBattery: true, percent: 22))
    static let active = snapshot(
        idle: Fixture.idle(since: nil),
        activity: .known(ActivityState(activeFor: .seconds(2), source: "logind"))
    )

    /// The tracker the run watcher kept: the user active for the last two seconds.
    static var watcher: ActivityTracker {
        var tracker = ActivityTracker()
        _ = tracker.observe(Fixture.idle(since: nil), at: now.addingTimeInterval(-2))
        _ = tracker.observe(Fixture.idle(since: nil), at: now)
        return tracker
    }

    /// (what, the reading that stopped it, a later reading, seconds later, the rule still holding)
    static let cases: [(String, Snapshot, Snapshot, Double, Verdict.Rule?)] = [
        ("the same metered Wi-Fi", metered, metered, 5, .network),
        (
            "metered Ethernet instead", metered, snapshot(network: Fixture.network(.yes, .ethernet)), 5,
            .network
        ),
        ("offline", metered, snapshot(network: Fixture.network(.no, connectivity: .none)), 5, .network),
        ("unmetered again", metered, snapshot(), 5, nil),
        ("NetworkManager gone", metered, snapshot(network: .unknown(reason: "no NetworkManager")), 5, nil),
        ("the relax step at 1h lifts it", metered, metered, 3600, nil),
        ("lower still", low, snapshot(battery: Fixture.battery(onBattery: true, percent: 21)), 5, .battery),
        ("just below", low, snapshot(battery: Fixture.battery(onBattery: true, percent: 24.9)), 5, .battery),
        ("back at the limit", low, snapshot(battery: Fixture.battery(onBattery: true, percent: 25)), 5, nil),
        ("plugged in", low, snapshot(battery: Fixture.battery(onBattery: false, percent: 22)), 5, nil),
        ("the user still typing", active, snapshot(idle: Fixture.idle(since: nil)), 10, .idle),
        ("a short pause", active, snapshot(idle: Fixture.idle(since: now.addingTimeInterval(5))), 10, .idle),
        ("the user gone", active, snapshot(idle: Fixture.idle(since: now.addingTimeInterval(100))), 300, nil),
    ]

    @Test(arguments: cases)
    func aStoppedSyncIsHeldUntilItsReadingChanges(
        what: String,
        stoppedOn: Snapshot,
        later: Snapshot,
        after seconds: Double,
        holding: Verdict.Rule?
    ) throws {
        let check = PolicyEngine.whileRunning(Self.loose, on: stoppedOn, at: Self.now)
        var hold = try #require(StopHold(after: check, at: Self.now, activity: Self.watcher))
        let verdict = hold.verdict(Self.loose, on: later, at: Self.now.addingTimeInterval(seconds))
        #expect(verdict?.rule == holding, "\(what)")
    }

    @Test func theHoldSaysWhichReadingHoldsIt() throws {
        let check = PolicyEngine.whileRunning(Self.loose, on: Self.metered, at: Self.now)
        var hold = try #require(StopHold(after: check, at: Self.now, activity: Self.watcher))
        #expect(hold.rules == [.network])
        let verdict = hold.verdict(Self.loose, on: Self.metered, at: Self.now)
        #expect(verdict?.holdReason == "network: the network turned metered (yes)")
    }

    @Test func aStopWithNoFailingRuleHoldsNothing() {
        let check = PolicyEngine.whileRunning(Self.loose, on: Self.snapshot(), at: Self.now)
        #expect(StopHold(after: check, at: Self.now, activity: ActivityTracker()) == nil)
    }

    @Test func aPolicyWithoutTheRuleReleasesTheHold() throws {
        let check = PolicyEngine.whileRunning(Self.loose, on: Self.metered, at: Self.now)
        var hold = try #require(StopHold(after: check, at: Self.now, activity: Self.watcher))
        var reloaded = Self.loose
        reloaded.whileRunning?.network = nil
        #expect(hold.verdict(reloaded, on: Self.metered, at: Self.now) == nil)
    }

    @Test func aHeldSyncWaitsForAChangeAsABlockedOneDoes() {
        let allowed = Fixture.decide(Self.loose, Self.metered, Fixture.at(Self.now))
        #expect(allowed.shouldSync)
        let state = ScheduleState(nextDue: Self.due, dueSince: Self.due)
        let policy = Self.loose
        #expect(TickAction.next(state: state, now: Self.now, decision: allowed, policy: policy) == .runSync)
        #expect(
            TickAction.next(state: state, now: Self.now, decision: allowed, policy: policy, held: true)
                == .waitForChange(until: Self.now.addingTimeInterval(60))
        )
    }
}
