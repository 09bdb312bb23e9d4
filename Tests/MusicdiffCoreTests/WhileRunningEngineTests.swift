import Foundation
import MusicdiffTestSupport
import Testing

@testable import MusicdiffCore

@Suite struct WhileRunningEngineTests {
    let policy = Policy(
        name: "laptop",
        battery: BatteryRule(onBattery: .allow, minPercent: 40),
        onUnknown: .block,
        whileRunning: WhileRunning(
            network: NetworkRule(require: .unmetered),
            battery: RunningBatteryRule(minPercent: 25),
            idle: ActiveRule(activeFor: .seconds(30))
        )
    )

    func activity(_ seconds: Int?) -> Reading<ActivityState> {
        .known(ActivityState(activeFor: seconds.map { .seconds($0) }, source: "logind session 2"))
    }

    func check(
        network: Reading<NetworkState> = Fixture.network(),
        battery: Reading<BatteryState> = Fixture.battery(onBattery: false, percent: 80),
        activity: Reading<ActivityState>? = nil
    ) -> RunCheck {
        let snapshot = Snapshot.testing(
            network: network,
            battery: battery,
            activity: activity ?? self.activity(nil)
        )
        return PolicyEngine.whileRunning(policy, on: snapshot)
    }

    @Test func allRulesHoldingKeepsTheSyncRunning() {
        let result = check()
        #expect(!result.shouldStop)
        #expect(result.stopReason == nil)
        #expect(result.verdicts.map(\.rule) == [.network, .battery, .idle])
        #expect(result.verdicts.allSatisfy { $0.ok == true })
    }

    @Test func withoutWhileRunningNothingStops() {
        let bare = Policy(name: "default", network: NetworkRule(require: .unmetered))
        let result = PolicyEngine.whileRunning(bare, on: Snapshot.testing(network: Fixture.network(.yes)))
        #expect(result.verdicts.isEmpty)
        #expect(!result.shouldStop)
        #expect(result.recheckIn == nil)
    }

    @Test func aMeteredNetworkStops() {
        let result = check(network: Fixture.network(.yes))
        #expect(result.stopReason == "the network turned metered (yes)")
        #expect(result.stoppers == [.network])
        #expect(result.verdict(.network)?.reason == "the connection is metered (yes)")
    }

    @Test func goingOfflineStops() {
        let result = check(network: Fixture.network(.guessNo, .none, ssid: nil, connectivity: .none))
        #expect(result.stopReason == "the network went offline (connectivity none)")
    }

    @Test func leavingTheAllowedWiFiStops() {
        var wifi = policy
        wifi.whileRunning?.network = NetworkRule(require: .wifi, ssids: ["HomeNet"])
        let cafe = Snapshot.testing(network: Fixture.network(.guessNo, .wifi, ssid: "Cafe"))
        #expect(
            PolicyEngine.whileRunning(wifi, on: cafe).stopReason
                == "the network changed to Wi-Fi \"Cafe\", not one of the allowed networks"
        )
        let wired = Snapshot.testing(network: Fixture.network(.no, .ethernet, ssid: nil))
        #expect(
            PolicyEngine.whileRunning(wifi, on: wired).stopReason
                == "the network changed to Ethernet, not Wi-Fi"
        )
    }

    @Test(arguments: [(24.0, true), (24.9, true), (25.0, false), (39.0, false), (80.0, false)])
    func onBatteryBelowTheStopThresholdStops(percent: Double, stops: Bool) {
        #expect(check(battery: Fixture.battery(onBattery: true, percent: percent)).shouldStop == stops)
    }

    @Test func theBatteryStopReasonNamesChargeAndThreshold() {
        let result = check(battery: Fixture.battery(onBattery: true, percent: 22))
        #expect(result.stopReason == "battery fell to 22 %, below 25 %")
        #expect(result.verdict(.battery)?.required == "AC or >= 25%")
        #expect(result.verdict(.battery)?.observed == "on battery, 22%")
        let justBelow = check(battery: Fixture.battery(onBattery: true, percent: 24.96))
        #expect(justBelow.stopReason == "battery fell to 24.96 %, below 25 %")
    }

    @Test func onACALowChargeDoesNotStop() {
        #expect(!check(battery: Fixture.battery(onBattery: false, percent: 3)).shouldStop)
    }

    @Test(arguments: [(nil, false), (0, false), (29, false), (30, true), (45, true)] as [(Int?, Bool)])
    func anActiveUserStopsItOnceActiveForIsReached(seconds: Int?, stops: Bool) {
        #expect(check(activity: activity(seconds)).shouldStop == stops)
    }

    @Test func theIdleStopReasonAndVerdictText() {
        let result = check(activity: activity(45))
        #expect(result.stopReason == "the user has been active for 45s (limit 30s)")
        let verdict = result.verdict(.idle)
        #expect(verdict?.observed == "active 45s (logind session 2)")
        #expect(verdict?.required == "active < 30s")
        #expect(verdict?.reason == "the user has been active for 45s, at least 30s")
        #expect(check(activity: activity(nil)).verdict(.idle)?.reason == "the user is away")
    }

    @Test func recheckInIsTheActivityLeftBeforeTheLimit() {
        #expect(check(activity: activity(10)).recheckIn == .seconds(20))
        #expect(check(activity: activity(nil)).recheckIn == nil)
        #expect(check(activity: activity(30)).recheckIn == nil)
    }

    @Test func theFirstFailingRuleGivesTheReason() {
        let result = check(
            network: Fixture.network(.guessYes),
            battery: Fixture.battery(onBattery: true, percent: 10),
            activity: activity(60)
        )
        #expect(result.stoppers == [.network, .battery, .idle])
        #expect(result.stopReason == "the network turned metered (guess-yes)")
    }

    @Test func unknownReadingsNeverStopEvenWithOnUnknownBlock() {
        let result = check(
            network: .unknown(reason: "NetworkManager is not running"),
            battery: Fixture.battery(onBattery: true, percent: nil),
            activity: .unknown(reason: "not tracked")
        )
        #expect(!result.shouldStop)
        #expect(result.verdicts.allSatisfy { $0.ok == nil && !$0.blocks })
        #expect(
            result.verdict(.network)?.reason
                == "NetworkManager is not running; the rule does not stop a running sync"
        )
        let unsure = check(network: Fixture.network(.unknown))
        #expect(!unsure.shouldStop, "metered=unknown is an unknown reading")
    }

    @Test func aFailingStartRuleThatIsNotInWhileRunningDoesNotStop() {
        var loaded = policy
        loaded.load = LoadRule(maxPerCore: 0.1)
        loaded.whileRunning?.idle = nil
        let busy = Snapshot.testing(
            network: Fixture.network(),
            load: .known(LoadState(oneMinute: 8, cpus: 2))
        )
        #expect(!PolicyEngine.whileRunning(loaded, on: busy).shouldStop)
    }
}
