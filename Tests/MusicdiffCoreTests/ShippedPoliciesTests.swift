import Foundation
import Testing

@testable import MusicdiffCore

@Suite struct ShippedPoliciesTests {
    /// The repository's `policies/` folder.
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("policies").path

    static var files: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter {
            $0.hasSuffix(".yaml")
        }.sorted()
    }

    @Test func theBuiltInCopiesAreExactlyThePoliciesFolder() throws {
        #expect(ShippedPolicies.names == Self.files.map { String($0.dropLast(5)) })
        for file in Self.files {
            let onDisk = try String(contentsOfFile: Self.folder + "/" + file, encoding: .utf8)
            let name = String(file.dropLast(5))
            #expect(
                ShippedPolicies.text(named: name) == onDisk,
                "policies/\(file) differs from the built-in copy: run scripts/embed-policies"
            )
        }
    }

    @Test func theDesignsFiveAreShipped() {
        #expect(ShippedPolicies.names == ["conservative", "default", "desktop", "laptop", "server"])
    }

    @Test(arguments: ShippedPolicies.names)
    func eachParsesIsNamedAfterItsFileAndSaysWhoItIsFor(name: String) throws {
        let text = try #require(ShippedPolicies.text(named: name))
        let policy = try PolicyParser.parse(text, file: name + ".yaml", defaultName: name)
        #expect(policy.name == name)
        #expect(policy.description != nil)
        #expect(
            text.hasPrefix("# \(name): for ") || text.hasPrefix("# \(name): the "),
            "a comment says who it is for"
        )
    }

    @Test func defaultIsTheOriginalSmartDaemon() {
        let policy = ShippedPolicies.policy(named: "default")!
        #expect(policy.minGap == .seconds(6 * 3600))
        #expect(policy.idle != nil)
        #expect(policy.network?.require == .unmetered)
        #expect(policy.whileRunning == nil, "the original never stopped a running sync")
        #expect(policy.settle == Policy.defaultSettle)
    }

    @Test func laptopStopsOnMeteredLowBatteryAndAReturningUserWithHysteresis() throws {
        let policy = try #require(ShippedPolicies.policy(named: "laptop"))
        let rules = try #require(policy.whileRunning)
        #expect(rules.network == NetworkRule(require: .unmetered))
        #expect(rules.battery == RunningBatteryRule(minPercent: 25))
        #expect(
            try #require(policy.battery?.minPercent) > rules.battery!.minPercent,
            "starts higher than it stops"
        )
        #expect(rules.idle == ActiveRule(activeFor: .seconds(60)))
        #expect(rules.onSleep == .stop)
        #expect(rules.grace == .seconds(30))
        #expect(policy.settle == .seconds(120))
    }

    @Test func laptopWaitsWhileTheUserSavesPower() throws {
        let policy = try #require(ShippedPolicies.policy(named: "laptop"))
        #expect(policy.powerProfile == PowerProfileRule(deny: [.powerSaver]))
    }

    @Test func laptopAndDesktopWaitForABusyUserAndACallStopsTheLaptopsRun() throws {
        let laptop = try #require(ShippedPolicies.policy(named: "laptop"))
        #expect(laptop.busy == BusyRule([.idleInhibitor, .camera, .microphone]))
        #expect(laptop.whileRunning?.busy == BusyRule([.camera, .microphone]))
        let desktop = try #require(ShippedPolicies.policy(named: "desktop"))
        #expect(desktop.busy == BusyRule(BusyKind.allCases))
        #expect(desktop.whileRunning?.busy == nil)
    }

    @Test func laptopRelaxesTheCheapWishesFirstAndMeteredLast() throws {
        let policy = try #require(ShippedPolicies.policy(named: "laptop"))
        #expect(policy.relax.map(\.after) == [.seconds(12 * 3600), .seconds(24 * 3600), .seconds(36 * 3600)])
        #expect(policy.relax[0].idle == .replace(IdleRule(min: .seconds(120))))
        #expect(policy.relax[1].battery == .replace(BatteryRule(minPercent: 30)))
        #expect(
            try #require(policy.whileRunning?.battery?.minPercent) < 30,
            "the relaxed start still sits above the stop threshold"
        )
        #expect(policy.relax.last?.network == .replace(NetworkRule(require: .online)))
        #expect(policy.relax.last?.idle == .off)
        #expect(policy.maxDeferral == .seconds(48 * 3600))
    }

    @Test func conservativeGivesWaySoonerThanLaptop() throws {
        let conservative = try #require(ShippedPolicies.policy(named: "conservative")?.whileRunning)
        let laptop = try #require(ShippedPolicies.policy(named: "laptop")?.whileRunning)
        #expect(conservative.network == NetworkRule(require: .unmetered))
        #expect(conservative.battery!.minPercent > laptop.battery!.minPercent)
        #expect(conservative.idle!.activeFor < laptop.idle!.activeFor)
        #expect(conservative.onSleep == .stop)
        #expect(
            ShippedPolicies.policy(named: "conservative")!.settle
                > ShippedPolicies.policy(named: "laptop")!.settle
        )
    }

    /// Desktop's `while_running` only keeps the machine awake (issue 27): nothing stops its run.
    @Test(arguments: ["desktop", "server"])
    func desktopAndServerDoNotWatchTheRun(name: String) {
        let rules = ShippedPolicies.policy(named: name)?.whileRunning
        #expect(WhileRunning.stopClause(rules) == "nothing stops it")
        #expect(rules == (name == "desktop" ? WhileRunning(onSleep: .ignore, keepAwake: true) : nil))
    }

    @Test func serverChecksLoadOnly() {
        let policy = ShippedPolicies.policy(named: "server")!
        #expect(policy.load != nil)
        #expect(policy.minGap == nil && policy.idle == nil && policy.network == nil && policy.battery == nil)
    }
}
