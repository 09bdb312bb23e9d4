import Foundation
import MusicdiffTestSupport
import Testing

@testable import MusicdiffCore

@Suite struct AssumptionTests {
    let now = Fixture.noon

    @Test(arguments: [
        ("ac=on", Assumption.Value.ac(true)), ("ac=off", .ac(false)), ("battery=30", .battery(30)),
        ("battery=30%", .battery(30)), ("battery=0", .battery(0)), ("battery=100", .battery(100)),
        ("network=offline", .network(.offline)), ("network=metered", .network(.metered)),
        ("network=unmetered", .network(.unmetered)), ("network=wifi", .network(.wifi(ssid: nil))),
        ("network=wifi:Home Net", .network(.wifi(ssid: "Home Net"))),
        ("network=ethernet", .network(.ethernet)),
        ("idle=20m", .idle(.seconds(1200))), ("idle=0", .idle(.zero)), ("idle=active", .idle(nil)),
        ("load=0.5", .load(0.5)), ("load=0", .load(0)),
    ])
    func everyKeyAndFormParses(argument: String, value: Assumption.Value) throws {
        #expect(try Assumption(argument).value == value)
    }

    @Test(arguments: [
        ("ac", "it is not KEY=VALUE"), ("ac=yes", "ac is on or off"), ("ac=", "ac is on or off"),
        ("battery=lots", "battery is a charge from 0 to 100, like battery=30"),
        ("battery=101", "battery is a charge from 0 to 100, like battery=30"),
        ("battery=-1", "battery is a charge from 0 to 100, like battery=30"),
        ("network=cable", "network is offline, metered, unmetered, wifi, wifi:SSID or ethernet"),
        ("network=wifi:", "network is offline, metered, unmetered, wifi, wifi:SSID or ethernet"),
        ("idle=soon", "idle is a duration, like idle=20m, or active"),
        ("idle=-5m", "idle is a duration, like idle=20m, or active"),
        ("load=high", "load is the load per core, a number like load=0.5"),
        ("load=-1", "load is the load per core, a number like load=0.5"),
        ("load=nan", "load is the load per core, a number like load=0.5"),
        ("batery=30", "unknown key \"batery\" (did you mean \"battery\"?)"),
        ("wind=22:00", "unknown key \"wind\""),
    ])
    func badFormsAreOneLineErrorsListingTheAcceptedForms(argument: String, problem: String) {
        #expect(throws: AssumptionError(argument, problem)) { try Assumption(argument) }
        let message = AssumptionError(argument, problem).message
        #expect(message.hasSuffix("; accepted: \(Assumption.forms)") && !message.contains("\n"))
        #expect(message.hasPrefix("--assume \"\(argument)\": "))
    }

    func decide(_ arguments: [String], on snapshot: Snapshot, _ policy: Policy) throws -> Decision {
        let assumed = try snapshot.assuming(arguments.map { try Assumption($0) }, at: now)
        return Fixture.decide(policy, assumed)
    }

    @Test func acOnPassesABatteryRuleAndIsMarkedAssumed() throws {
        let policy = Policy(name: "p", battery: BatteryRule(minPercent: 40))
        let snapshot = Snapshot.testing(battery: Fixture.battery(onBattery: true, percent: 23))
        #expect(!Fixture.decide(policy, snapshot).shouldSync)
        let decision = try decide(["ac=on"], on: snapshot, policy)
        #expect(decision.shouldSync)
        #expect(decision.verdict(.battery)?.observed == "on AC, 23% (assumed)")
        #expect(decision.verdict(.battery)?.assumed == true)
    }

    @Test func batteryAndAcOffTogetherWithoutABatteryReading() throws {
        let policy = Policy(name: "p", battery: BatteryRule(minPercent: 40))
        let decision = try decide(["battery=30", "ac=off"], on: Snapshot.testing(), policy)
        #expect(decision.verdict(.battery)?.observed == "on battery, 30% (assumed)")
        #expect(!decision.shouldSync)
        #expect(
            try decide(["battery=50"], on: Snapshot.testing(), policy).shouldSync,
            "a charge alone means on battery"
        )
    }

    @Test func networkFormsMeetTheirRules() throws {
        let current = Snapshot.testing(network: Fixture.network(.yes, .wifi, ssid: "Phone"))
        let unmetered = Policy(name: "p", network: NetworkRule(require: .unmetered))
        #expect(try decide(["network=unmetered"], on: current, unmetered).shouldSync)
        #expect(!(try decide(["network=metered"], on: current, unmetered).shouldSync))
        #expect(
            try decide(["network=metered"], on: current, unmetered).verdict(.network)?.observed
                == "metered=yes, Wi-Fi \"Phone\", connectivity full (assumed)"
        )
        let online = Policy(name: "p", network: NetworkRule(require: .online))
        #expect(!(try decide(["network=offline"], on: current, online).shouldSync))
        let home = Policy(name: "p", network: NetworkRule(require: .wifi, ssids: ["Home"]))
        #expect(try decide(["network=wifi:Home"], on: current, home).shouldSync)
        #expect(!(try decide(["network=wifi:Cafe"], on: current, home).shouldSync))
        let cable = Policy(name: "p", network: NetworkRule(require: .ethernet))
        #expect(try decide(["network=ethernet"], on: current, cable).shouldSync)
        #expect(try decide(["network=wifi"], on: current, unmetered).verdict(.network)?.ok == true)
    }

    @Test func idleAndLoadReplaceTheirReadings() throws {
        let policy = Policy(name: "p", idle: IdleRule(min: .seconds(600)), load: LoadRule(maxPerCore: 0.5))
        let snapshot = Snapshot.testing(
            idle: Fixture.idle(since: nil),
            load: .known(LoadState(oneMinute: 4, cpus: 4))
        )
        let decision = try decide(["idle=20m", "load=0.25"], on: snapshot, policy)
        #expect(decision.shouldSync)
        #expect(decision.verdict(.idle)?.observed == "idle 20m (assumed)")
        #expect(decision.verdict(.load)?.observed == "0.25 per core (assumed)")
        let active = try decide(["idle=active"], on: snapshot, policy)
        #expect(active.verdict(.idle)?.observed == "active (assumed)")
        #expect(active.verdict(.load)?.assumed == false, "a reading not named stays as read")
    }
}
