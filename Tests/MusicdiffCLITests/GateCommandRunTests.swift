import Foundation
import MusicdiffDaemon
import MusicdiffTestSupport
import Testing

/// `musicdiff gate -- COMMAND` through the real binary: the command runs once the policy
/// passes, its output and exit status are its own, and a `while_running` rule that fails on
/// dbusmock stops it (SIGTERM to its group) with exit 75.
@Suite struct GateCommandRunTests {
    static let policy = """
        network: { require: unmetered }
        poll: 1h
        while_running:
          network: { require: unmetered }
          grace: 5s

        """

    func fixture(metered: UInt32) throws -> DaemonFixture {
        let fixture = try DaemonFixture(services: [.networkManager]) {
            try $0.nmJoinWiFi(ssid: "Cafe", name: "cafe", metered: metered)
        }
        try fixture.cli.write("home/policies/home.yaml", Self.policy)
        return fixture
    }

    @Test func theCommandsOutputAndExitStatusAreItsOwn() throws {
        let fixture = try fixture(metered: 2)
        func gated(_ script: String) throws -> MusicdiffProcess.Result {
            try fixture.cli.runner.run(
                ["gate", "--policy", "home", "--", "/bin/sh", "-c", script],
                extraEnvironment: fixture.busEnvironment
            )
        }
        let gate = try gated("echo out; echo err >&2; exit 3")
        #expect(gate.status == 3)
        #expect(gate.stdout == "out\n")
        #expect(gate.stderr == "err\n")
        let metered = try gated("echo $MUSICDIFF_METERED")
        #expect(metered.status == 0 && metered.stdout == "no\n", "\(metered)")
    }

    @Test func aBlockedPolicyRunsNothing() throws {
        let fixture = try fixture(metered: 1)
        let gate = try fixture.run("gate", "--policy", "home", "--", "/bin/sh", "-c", "echo ran")
        #expect(gate.status == 1)
        #expect(gate.stdout.isEmpty && gate.stderr.contains("blocked by network"), "\(gate)")
    }

    @Test func aLostConditionStopsTheCommandAndGateExits75() throws {
        let fixture = try fixture(metered: 2)
        let job = try fixture.spanningJob()
        let gate = try fixture.launchGate(["--policy", "home", "--wait", "--", job])
        defer { if gate.isRunning { gate.terminate() } }
        try fixture.waitFor("the command") { fixture.spans.count == 1 }

        try fixture.driver.nmSetMetered(1)
        try fixture.waitFor("gate to end") { !gate.isRunning }
        #expect(gate.terminationStatus == 75)
        #expect(fixture.spans.first?.end != nil, "the command got SIGTERM and ended on it")
        let said = (try? fixture.cli.read("gate.err")) ?? ""
        #expect(said.contains("musicdiff: gate: stopped: the network turned metered (yes)"), "\(said)")
    }

    @Test func aSigtermToGateStopsTheCommandsGroupFirst() throws {
        let fixture = try fixture(metered: 2)
        let gate = try fixture.launchGate(["--policy", "home", "--", fixture.spanningJob()])
        defer { if gate.isRunning { gate.terminate() } }
        try fixture.waitFor("the command") { fixture.spans.count == 1 }

        kill(gate.processIdentifier, SIGTERM)
        try fixture.waitFor("gate to end") { !gate.isRunning }
        #expect(gate.terminationStatus == 128 + SIGTERM)
        #expect(fixture.spans.first?.end != nil, "the command got SIGTERM and ended on it")
        let said = (try? fixture.cli.read("gate.err")) ?? ""
        #expect(said.contains("musicdiff: gate: stopped: musicdiff gate got SIGTERM"), "\(said)")
    }
}
