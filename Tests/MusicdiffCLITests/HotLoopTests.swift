import Foundation
import MusicdiffDaemon
import MusicdiffTestSupport
import Testing

/// A `while_running` rule the start rules do not imply made the daemon start and stop a sync
/// about 100 times a second (issue 20, item 1). Such a policy is refused wherever it is
/// loaded: by `policy check`, at the daemon's start, and on a reload.
@Suite struct HotLoopTests {
    /// The three policies: (file, text, line:column, message start).
    static let cycling: [(String, String, String, String)] = [
        (
            "online.yaml",
            "network: { require: online }\nwhile_running: { network: { require: unmetered }, grace: 1s }\nsettle: 0s\n",
            "2:27", "while_running.network { require: unmetered } would stop at once a sync that network:"
        ),
        (
            "anynet.yaml", "while_running: {network: {require: unmetered}}\n",
            "1:26", "while_running.network { require: unmetered } would stop at once a sync started without"
        ),
        (
            "active.yaml", "while_running: {idle: {active_for: 1s}}\n",
            "1:23",
            "while_running.idle stops a sync once the user has been active for 1s, but without an idle"
        ),
    ]

    @Test func policyCheckRefusesEachPolicyThatWouldStartAndStopOverAndOver() throws {
        let fixture = try CLIFixture()
        for (file, text, _, _) in Self.cycling { try fixture.write(file, text) }
        let result = try fixture.run(
            "policy",
            "check",
            fixture.root + "/online.yaml",
            fixture.root + "/anynet.yaml",
            fixture.root + "/active.yaml"
        )
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 4, "\(result.stderr)")
        for ((file, _, place, message), line) in zip(Self.cycling, lines) {
            #expect(line.hasPrefix("\(fixture.root)/\(file):\(place): \(message)"), "\(line)")
        }
        #expect(lines.last == "3 errors in 3 files")
    }

    static func meteredWiFi(_ driver: BusDriver) throws {
        try driver.nmJoinWiFi(ssid: "Phone", name: "phone", metered: 1)
    }

    @Test func theDaemonRefusesToStartWithSuchAPolicy() throws {
        let fixture = try DaemonFixture(services: [.networkManager], setup: Self.meteredWiFi)
        try fixture.config(command: [fixture.countingScript()])
        try fixture.cli.write("home/policies/cycle.yaml", Self.cycling[0].1)
        let result = try fixture.run("daemon", "--policy", "cycle")
        #expect(result.status != 0)
        #expect(
            result.stderr.contains("\(fixture.cli.home)/policies/cycle.yaml:2:27: \(Self.cycling[0].3)"),
            "\(result.stderr)"
        )
        #expect(fixture.daemonPid == nil)
        #expect(fixture.scriptRuns == 0)
    }

    @Test func aReloadToSuchAPolicyKeepsTheLastGoodOne() throws {
        let fixture = try DaemonFixture(services: [.networkManager], setup: Self.meteredWiFi)
        try fixture.config(command: [fixture.countingScript()])
        let policy = "home/policies/mine.yaml"
        try fixture.cli.write(policy, "network: { require: unmetered }\npoll: 1h\nsettle: 0s\n")
        #expect(try fixture.run("daemon", "--policy", "mine").status == 0)
        try fixture.waitFor("a tick blocked by network") { fixture.ticks.first?.failed == ["network"] }
        let pid = try #require(fixture.daemonPid)

        for (index, (_, text, place, message)) in Self.cycling.enumerated() {
            try fixture.cli.write(policy, text)
            kill(pid, SIGHUP)
            try fixture.waitFor("reload \(index + 1) to fail") {
                fixture.log.components(separatedBy: "Reload failed").count == index + 2
            }
            #expect(fixture.log.contains("\(fixture.cli.home)/policies/mine.yaml:\(place): \(message)"))
        }
        #expect(fixture.daemonPid == pid)
        #expect(fixture.scriptRuns == 0, "the last good policy still blocks on the metered network")
    }
}
