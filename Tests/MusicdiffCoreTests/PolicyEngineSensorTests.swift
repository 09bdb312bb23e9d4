import Foundation
import MusicdiffTestSupport
import Testing

@testable import MusicdiffCore

@Suite struct BatteryRuleTests {
    let policy = Policy(name: "b", battery: BatteryRule(onBattery: .allow, minPercent: 40))

    @Test(arguments: [(40.0, true), (39.9, false), (41.0, true), (0.0, false), (100.0, true)])
    func onBatteryTheChargeMustReachTheMinimum(percent: Double, allowed: Bool) {
        let decision = Fixture.decide(
            policy,
            Snapshot.testing(battery: Fixture.battery(onBattery: true, percent: percent))
        )
        #expect(decision.shouldSync == allowed)
    }

    @Test func theDesignSampleVerdict() {
        let verdict = Fixture.decide(
            policy,
            Snapshot.testing(battery: Fixture.battery(onBattery: true, percent: 23))
        )
        .verdict(.battery)
        #expect(verdict?.ok == false)
        #expect(verdict?.observed == "on battery, 23%")
        #expect(verdict?.required == "AC or >= 40%")
        #expect(verdict?.reason == "on battery at 23%, below 40%")
    }

    @Test func onACAnyChargePasses() {
        let decision = Fixture.decide(
            policy,
            Snapshot.testing(battery: Fixture.battery(onBattery: false, percent: 5))
        )
        #expect(decision.shouldSync)
        #expect(decision.verdict(.battery)?.reason == "running on AC power")
    }

    @Test func denyBlocksOnBatteryWhateverTheCharge() {
        let deny = Policy(name: "d", battery: BatteryRule(onBattery: .deny))
        let verdict = Fixture.decide(
            deny,
            Snapshot.testing(battery: Fixture.battery(onBattery: true, percent: 99))
        )
        .verdict(.battery)
        #expect(verdict?.ok == false)
        #expect(verdict?.required == "AC")
        #expect(verdict?.reason == "on battery at 99%, and the policy syncs only on AC")
    }

    @Test func onBatteryWithoutAChargeReadingIsUnknown() {
        let verdict = Fixture.decide(
            policy,
            Snapshot.testing(battery: Fixture.battery(onBattery: true, percent: nil))
        )
        .verdict(.battery)
        #expect(verdict?.ok == nil)
        #expect(verdict?.reason == "UPower reports no battery charge; the rule passes (on_unknown: pass)")
    }
}

@Suite struct LoadRuleTests {
    let policy = Policy(name: "l", load: LoadRule(maxPerCore: 0.7))

    @Test(arguments: [(2.8, 4, true), (2.81, 4, false), (0.7, 1, true), (0.71, 1, false), (0, 2, true)])
    func loadPerCoreAtTheLimitPasses(load: Double, cpus: Int, allowed: Bool) {
        let snapshot = Snapshot.testing(load: .known(LoadState(oneMinute: load, cpus: cpus)))
        #expect(Fixture.decide(policy, snapshot).shouldSync == allowed)
    }

    @Test func theVerdictShowsTheArithmetic() {
        let verdict = Fixture.decide(
            policy,
            Snapshot.testing(load: .known(LoadState(oneMinute: 3.6, cpus: 4)))
        )
        .verdict(.load)
        #expect(verdict?.observed == "0.9 per core (3.6 / 4 CPUs)")
        #expect(verdict?.required == "<= 0.7 per core")
        #expect(verdict?.reason == "load 0.9 per core is above 0.7")
    }
}

@Suite struct IdleRuleTests {
    let policy = Policy(name: "i", idle: IdleRule(min: .seconds(600)))
    let now = Fixture.noon

    @Test(arguments: [(600.0, true), (599.0, false), (1200.0, true)])
    func idleAtLeastTheMinimumPasses(seconds: Double, allowed: Bool) {
        let snapshot = Snapshot.testing(idle: Fixture.idle(since: now.addingTimeInterval(-seconds)))
        #expect(Fixture.decide(policy, snapshot).shouldSync == allowed)
    }

    @Test func anActiveUserBlocks() {
        let verdict = Fixture.decide(policy, Snapshot.testing(idle: Fixture.idle(since: nil))).verdict(.idle)
        #expect(verdict?.ok == false)
        #expect(verdict?.observed == "active (logind session 2)")
        #expect(verdict?.reason == "the user is active now")
    }

    @Test func theVerdictNamesTheSource() {
        let snapshot = Snapshot.testing(idle: Fixture.idle(since: now.addingTimeInterval(-1500)))
        #expect(Fixture.decide(policy, snapshot).verdict(.idle)?.observed == "idle 25m (logind session 2)")
    }
}

@Suite struct NetworkRuleTests {
    func decide(_ rule: NetworkRule, _ reading: Reading<NetworkState>) -> Verdict {
        Fixture.decide(Policy(name: "n", network: rule), Snapshot.testing(network: reading)).verdict(
            .network
        )!
    }

    @Test(arguments: [
        (NetworkState.Metered.no, true), (.guessNo, true), (.yes, false), (.guessYes, false),
    ])
    func unmeteredMeansNoOrGuessNo(metered: NetworkState.Metered, allowed: Bool) {
        #expect(decide(NetworkRule(require: .unmetered), Fixture.network(metered)).ok == allowed)
    }

    @Test func anUnknownMeteredStateFollowsOnUnknown() {
        let verdict = decide(NetworkRule(require: .unmetered), Fixture.network(.unknown))
        #expect(verdict.ok == nil)
        #expect(!verdict.blocks)
        #expect(
            verdict.reason
                == "NetworkManager cannot tell whether the connection is metered; the rule passes (on_unknown: pass)"
        )
    }

    @Test func theObservedTextNamesTheSource() {
        let verdict = decide(NetworkRule(require: .unmetered), Fixture.network(.guessYes))
        #expect(verdict.observed == "NetworkManager: metered=guess-yes, Wi-Fi \"HomeNet\", connectivity full")
        #expect(verdict.reason == "the connection is metered (guess-yes)")
    }

    @Test(arguments: [
        (NetworkState.Connectivity.full, true), (.none, false), (.portal, false), (.limited, false),
        (.unknown, true),
    ])
    func onlineNeedsConnectivity(connectivity: NetworkState.Connectivity, allowed: Bool) {
        #expect(
            decide(NetworkRule(require: .online), Fixture.network(connectivity: connectivity)).ok == allowed
        )
    }

    @Test func unknownConnectivityWithoutAConnectionIsOffline() {
        let reading = Fixture.network(.unknown, NetworkState.Kind.none, ssid: nil, connectivity: .unknown)
        #expect(decide(NetworkRule(require: .online), reading).ok == false)
    }

    @Test func wifiAndEthernetRequireThatKind() {
        #expect(decide(NetworkRule(require: .wifi), Fixture.network(.no, .wifi)).ok == true)
        #expect(decide(NetworkRule(require: .wifi), Fixture.network(.no, .ethernet, ssid: nil)).ok == false)
        #expect(
            decide(NetworkRule(require: .ethernet), Fixture.network(.no, .ethernet, ssid: nil)).ok == true
        )
        let vpn = decide(NetworkRule(require: .ethernet), Fixture.network(.no, .other("vpn"), ssid: nil))
        #expect(vpn.reason == "the primary connection is vpn, not Ethernet")
    }

    @Test func ssidsRestrictWifiOnly() {
        let rule = NetworkRule(require: .unmetered, ssids: ["HomeNet", "Office"])
        #expect(decide(rule, Fixture.network(.guessNo, .wifi, ssid: "Office")).ok == true)
        let cafe = decide(rule, Fixture.network(.guessNo, .wifi, ssid: "Cafe"))
        #expect(cafe.ok == false)
        #expect(cafe.reason == "Wi-Fi \"Cafe\" is not one of the allowed networks")
        #expect(decide(rule, Fixture.network(.guessNo, .ethernet, ssid: nil)).ok == true)
    }

    @Test func anyPassesEvenWithoutNetworkManager() {
        #expect(
            decide(NetworkRule(require: .any), .unknown(reason: "NetworkManager is not running")).ok == true
        )
    }
}
