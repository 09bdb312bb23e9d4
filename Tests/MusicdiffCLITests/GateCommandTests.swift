import Foundation
import MusicdiffDaemon
import MusicdiffTestSupport
import Testing

/// `musicdiff gate` without `--wait`, through the real binary: exit 0 when the policy passes,
/// 1 with why-not's reasons when it blocks, 255 for bad usage; no daemon needed, nothing
/// recorded. The fixture's load is 0.25 per core (1.00 over 4 CPUs).
@Suite struct GateCommandTests {
    func fixture(
        services: [MockService] = [],
        setup: (BusDriver) throws -> Void = { _ in }
    ) throws -> DaemonFixture {
        let fixture = try DaemonFixture(services: services, setup: setup)
        try fixture.cli.write("home/policies/quiet.yaml", "load: { max_per_core: 0.5 }\npoll: 1h\n")
        try fixture.cli.write("home/policies/idle.yaml", "load: { max_per_core: 0.1 }\npoll: 1h\n")
        return fixture
    }

    @Test func aPassingPolicyExitsZeroAndSaysNothing() throws {
        let fixture = try fixture()
        let gate = try fixture.run("gate", "--policy", "quiet")
        #expect(gate.status == 0, "\(gate.stderr)")
        #expect(gate.stdout.isEmpty && gate.stderr.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: fixture.home.stateFile), "gate records nothing")
    }

    @Test func aBlockingPolicyExitsOneWithWhyNotsReasons() throws {
        let fixture = try fixture()
        let gate = try fixture.run("gate", "--policy", "idle")
        #expect(gate.status == 1)
        #expect(gate.stdout.isEmpty)
        #expect(gate.stderr.contains("blocked by load"), "\(gate.stderr)")
        #expect(gate.stderr.contains("✗ load"), "\(gate.stderr)")
        #expect(!FileManager.default.fileExists(atPath: fixture.home.stateFile), "gate records nothing")

        let json = try fixture.run("gate", "--policy", "idle", "--json")
        #expect(json.status == 1)
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        )
        #expect(report["would_sync"] as? Bool == false)
        let passing = try fixture.run("gate", "--policy", "quiet", "--json")
        #expect(passing.status == 0)
        #expect(passing.stdout.contains("\"would_sync\":true"), "\(passing.stdout)")
    }

    @Test func whatIfFlagsDecideAsAsked() throws {
        let fixture = try fixture()
        #expect(try fixture.run("gate", "--policy", "idle", "--assume", "load=0.05").status == 0)
        #expect(try fixture.run("gate", "--policy", "quiet", "--assume", "load=2").status == 1)
        try fixture.cli.write("home/policies/night.yaml", "window: [\"01:00-02:00\"]\npoll: 1h\n")
        #expect(try fixture.run("gate", "--policy", "night", "--at", "01:30").status == 0)
        #expect(try fixture.run("gate", "--policy", "night", "--at", "12:00").status == 1)
    }

    @Test(
        arguments: [
            (["--bogus"], "Unknown option '--bogus'"),
            (["--policy", "nowhere"], "no policy named \"nowhere\""),
            (["--at", "soon"], "--at \"soon\" is neither HH:MM nor an ISO 8601 time"),
            (["--assume", "ac=maybe"], "ac"),
        ] as [([String], String)]
    )
    func badUsageExits255(arguments: [String], says: String) throws {
        let fixture = try fixture()
        let gate = try fixture.cli.runner.run(["gate"] + arguments, extraEnvironment: [:])
        #expect(gate.status == 255, "\(gate.stderr)")
        #expect(gate.stderr.hasPrefix("musicdiff: ") && gate.stderr.contains(says), "\(gate.stderr)")
    }

    @Test func aBrokenPolicyFileExits255WithItsLineAndColumn() throws {
        let fixture = try fixture()
        try fixture.cli.write("home/policies/broken.yaml", "load: { max_per_core: lots }\n")
        let gate = try fixture.run("gate", "--policy", "broken")
        #expect(gate.status == 255)
        #expect(gate.stderr.contains("broken.yaml:1:"), "\(gate.stderr)")
    }

    @Test func aMeteredNetworkOnDbusmockBlocksAndAnUnmeteredOnePasses() throws {
        let fixture = try fixture(services: [.networkManager]) {
            try $0.nmJoinWiFi(ssid: "Cafe", name: "cafe", metered: 1)
        }
        try fixture.cli.write("home/policies/home.yaml", "network: { require: unmetered }\npoll: 1h\n")
        let blocked = try fixture.run("gate", "--policy", "home")
        #expect(blocked.status == 1)
        #expect(blocked.stderr.contains("metered"), "\(blocked.stderr)")
        try fixture.driver.nmSetMetered(2)
        #expect(try fixture.run("gate", "--policy", "home").status == 0)
    }
}
