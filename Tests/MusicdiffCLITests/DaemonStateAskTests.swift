import Foundation
import MusicdiffDaemon
import Testing

/// `why-not` and `daemon status` ask the running daemon's machine for its state instead of
/// recomputing it from files (issue 21's newcomer findings): the next check is the daemon's
/// own, `blocked by:` names the rules that block now, and a run that no daemon watches any
/// more is not described as watched.
@Suite struct DaemonStateAskTests {
    /// A daemon on metered Wi-Fi under `policy`, blocked by the network.
    func blockedDaemon(policy: String) throws -> DaemonFixture {
        let fixture = try DaemonFixture(services: [.networkManager]) { driver in
            try driver.nmJoinWiFi(ssid: "Phone", name: "phone", metered: 1)
        }
        try fixture.config(command: [fixture.countingScript()])
        try fixture.cli.write("home/policies/wifi.yaml", policy)
        let started = try fixture.run("daemon", "--policy", "wifi")
        #expect(started.status == 0, "\(started.stderr)")
        try fixture.waitFor("a tick blocked by network") {
            fixture.ticks.first?.failed.contains("network") == true
        }
        return fixture
    }

    @Test func theNextCheckIsTheDaemonsOwnNotCountedFromTheQuestion() throws {
        let fixture = try blockedDaemon(policy: "network: { require: unmetered }\npoll: 1h\n")
        let tick = try #require(fixture.ticks.first?.at)
        // Asked a few seconds after the daemon's tick, a next check counted from the
        // question would be those seconds later than the daemon's.
        try fixture.waitFor("the clock to pass the tick by 3 s") { Date() > tick + 3 }
        let json = try fixture.run("why-not", "--json")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        )
        let next = try #require((object["next_check"] as? String).flatMap(ISO8601DateFormatter().date(from:)))
        #expect(abs(next.timeIntervalSince(tick + 3600)) < 1.5, "\(next) against the tick \(tick)")
        let text = try fixture.run("why-not").stdout
        #expect(text.contains("the daemon's next look"), "\(text)")
        let status = try fixture.run("daemon", "status").stdout
        #expect(status.contains("blocked by: network (now; see musicdiff why-not)"), "\(status)")
        #expect(status.contains("next check: "), "\(status)")
    }

    @Test func blockedByNamesTheRulesThatBlockNowNotTheLastRecordedOnes() throws {
        // The window keeps the daemon from deciding again on a network change: the tick it
        // recorded still names the network after the network turned unmetered.
        let hour = Calendar.current.component(.hour, from: Date())
        let closed = String(format: "%02d:00-%02d:00", (hour + 2) % 24, (hour + 3) % 24)
        let fixture = try blockedDaemon(
            policy: "network: { require: unmetered }\nwindow: \"\(closed)\"\npoll: 1h\n"
        )
        let before = try fixture.run("daemon", "status").stdout
        #expect(before.contains("blocked by: window, network (now"), "\(before)")
        try fixture.driver.nmSetMetered(4)
        try fixture.waitFor("daemon status to name only the window") {
            try fixture.run("daemon", "status").stdout.contains("blocked by: window (now")
        }
        #expect(fixture.ticks.first?.failed.contains("network") == true, "the files alone still say network")
    }

    @Test func aRunWhoseDaemonWasKilledIsNotDescribedAsWatched() throws {
        let fixture = try DaemonFixture(services: [.networkManager]) { driver in
            try driver.nmJoinWiFi(ssid: "Home", name: "home", metered: 4)
        }
        let go = fixture.cli.root + "/go"
        let job = try fixture.script("slow.sh", "while [ ! -e '\(go)' ]; do sleep 0.1; done")
        try fixture.config(command: [job])
        try fixture.cli.write(
            "home/policies/wifi.yaml",
            "network: { require: unmetered }\nwhile_running: { network: { require: unmetered } }\n"
        )
        defer { _ = FileManager.default.createFile(atPath: go, contents: nil) }
        #expect(try fixture.run("daemon", "--policy", "wifi").status == 0)
        try fixture.waitFor("the sync to run") { fixture.runs.first?.outcome == .running }
        #expect(try fixture.run("daemon", "status").stdout.contains("it stops if"))
        let pid = try #require(fixture.daemonPid)
        kill(pid, SIGKILL)
        try fixture.waitFor("the daemon to be gone") { fixture.daemonPid == nil }
        let status = try fixture.run("daemon", "status").stdout
        #expect(status.hasPrefix("not running\n"), "\(status)")
        #expect(status.contains(RunState.unwatched), "\(status)")
        #expect(!status.contains("stops if"), "\(status)")
    }
}
