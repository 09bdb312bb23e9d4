import Foundation
import MusicdiffDaemon
import MusicdiffTestSupport
import Testing

/// `gate -- COMMAND` and logind, on python-dbusmock: `keep_awake` holds the block lock on idle
/// while the command runs, and with `on_sleep: stop` a coming suspend stops it (exit 75), the
/// sleep delay lock held until it has ended.
@Suite struct GateSleepTests {
    @Test func aSuspendStopsTheCommandWhichKeptTheMachineAwake() throws {
        let fixture = try DaemonFixture(services: [.logind])
        try fixture.cli.write(
            "home/policies/awake.yaml",
            "poll: 1h\nwhile_running:\n  keep_awake: true\n  on_sleep: stop\n  grace: 5s\n"
        )
        let idleBlock = LogindInhibitor(
            what: "idle",
            who: "musicdiff",
            why: "a job is running",
            mode: "block"
        )
        func locks() throws -> [LogindInhibitor] { try fixture.driver.logindInhibitors() }
        let gate = try fixture.launchGate(["--policy", "awake", "--", fixture.spanningJob()])
        defer { if gate.isRunning { gate.terminate() } }
        try fixture.waitFor("the command") { fixture.spans.count == 1 }
        try fixture.waitFor("both locks while it runs") {
            try locks().contains(idleBlock) && locks().contains { $0.what == "sleep" && $0.mode == "delay" }
        }

        try fixture.driver.logindEmitPrepareForSleep(true)
        try fixture.waitFor("gate to end") { !gate.isRunning }
        #expect(gate.terminationStatus == 75)
        #expect(fixture.spans.first?.end != nil, "the command got SIGTERM and ended on it")
        let said = (try? fixture.cli.read("gate.err")) ?? ""
        #expect(said.contains("musicdiff: gate: stopped: the machine is going to sleep"), "\(said)")
        try fixture.waitFor("the locks to go with gate") { try locks().isEmpty }
    }
}
