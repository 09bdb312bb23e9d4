import Foundation
import MusicdiffDaemon
import MusicdiffTestSupport
import Testing

/// `why-not` while a smart daemon runs: it decides on the daemon's readings, asked on the
/// daemon's socket, not on D-Bus clients of its own; a daemon that does not answer costs it a
/// second, after which it reads the sensors itself and says why.
@Suite struct WhyNotDaemonTests {
    /// A daemon gating with `network: unmetered` and a load rule, on a metered hotspot with
    /// the load too high, and its first tick recorded.
    func blockedDaemon() throws -> DaemonFixture {
        let fixture = try DaemonFixture(services: [.networkManager]) { driver in
            try driver.nmJoinWiFi(ssid: "Phone\tHotspot", name: "phone", metered: 1)
        }
        try fixture.config(command: [fixture.countingScript()])
        try fixture.cli.write("proc/loadavg", "8.00 1.00 1.00 1/100 99\n")  // 2 per core of 4
        try fixture.cli.write(
            "home/policies/wifi.yaml",
            "network: { require: unmetered }\nload: { max_per_core: 0.5 }\npoll: 1h\n"
        )
        #expect(try fixture.run("daemon", "--policy", "wifi").status == 0)
        try fixture.waitFor("a tick blocked by network and load") {
            fixture.ticks.first?.failed == ["network", "load"]
        }
        return fixture
    }

    func json(_ result: MusicdiffProcess.Result) throws -> [String: Any] {
        guard result.status == 0,
            let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        else { throw CLIFixture.Failure(message: "why-not failed: \(result.status) \(result.stderr)") }
        return object
    }

    @Test func whyNotSeesWhatTheDaemonSeesWithoutTheBusOrTheSameProc() throws {
        let fixture = try blockedDaemon()
        let pid = try #require(fixture.daemonPid)
        // No bus and another /proc for why-not itself: only the daemon can tell it these.
        try fixture.cli.write("other-proc/loadavg", "0.10 0.10 0.10 1/100 99\n")
        let elsewhere = [
            "MUSICDIFF_PROC": fixture.cli.root + "/other-proc",
            "DBUS_SYSTEM_BUS_ADDRESS": "unix:path=\(fixture.cli.root)/no-bus",
        ]
        let object = try json(fixture.cli.runner.run(["why-not", "--json"], extraEnvironment: elsewhere))
        let readings = try #require(object["readings"] as? [String: Any])
        #expect(readings["from"] as? String == "daemon")
        #expect((readings["pid"] as? NSNumber)?.int32Value == pid)
        #expect(
            object.rule("network")?["observed"] as? String
                == "NetworkManager: metered=yes, Wi-Fi \"Phone\tHotspot\", connectivity full"
        )
        #expect(object.rule("load")?["observed"] as? String == "2 per core (8 / 4 CPUs)")
        #expect(object["would_sync"] as? Bool == false)

        // The hotspot turns unmetered: the daemon's hub has it at once, and so does why-not.
        try fixture.driver.nmSetMetered(4)
        try fixture.waitFor("the daemon to decide on the NetworkManager event") {
            fixture.ticks.first?.failed == ["load"]
        }
        let after = try json(fixture.cli.runner.run(["why-not", "--json"], extraEnvironment: elsewhere))
        #expect(after.rule("network")?["ok"] as? Bool == true)
        #expect(
            after.rule("network")?["observed"] as? String
                == "NetworkManager: metered=guess-no, Wi-Fi \"Phone\tHotspot\", connectivity full"
        )

        let text = try fixture.cli.runner.run(["why-not"], extraEnvironment: elsewhere)
        #expect(text.stdout.contains("\nreadings: the running daemon's (pid \(pid))\n"), "\(text.stdout)")
    }

    @Test func aStoppedDaemonCostsASecondThenWhyNotReadsTheSensorsItself() throws {
        let fixture = try blockedDaemon()
        let pid = try #require(fixture.daemonPid)
        #expect(kill(pid, SIGSTOP) == 0)
        defer { kill(pid, SIGCONT) }
        let started = ContinuousClock.now
        let object = try json(fixture.run("why-not", "--json"))
        let took = ContinuousClock.now - started
        let readings = try #require(object["readings"] as? [String: Any])
        #expect(readings["from"] as? String == "sensors")
        #expect(readings["daemon_problem"] as? String == "the daemon (pid \(pid)) did not answer within 1s")
        // Read live, from the same NetworkManager.
        #expect(object.rule("network")?["ok"] as? Bool == false)
        #expect(took >= .seconds(1), "why-not gave up on the daemon after \(took)")

        let text = try fixture.run("why-not")
        #expect(
            text.stdout.contains("\nreadings: read now; the daemon (pid \(pid)) did not answer within 1s\n")
        )
    }

    @Test func theSocketIsTheUsersOnlyAndGoesWithTheDaemon() throws {
        let fixture = try blockedDaemon()
        let socket = fixture.home.readingsSocket
        var info = stat()
        #expect(lstat(socket, &info) == 0)
        #expect(info.st_mode & S_IFMT == S_IFSOCK)
        #expect(info.st_mode & 0o777 == 0o600)

        #expect(try fixture.run("daemon", "stop").status == 0)
        try fixture.waitFor("the daemon to stop") { fixture.daemonPid == nil }
        #expect(!FileManager.default.fileExists(atPath: socket))
        // No daemon: why-not reads the sensors itself and says nothing of a daemon.
        let object = try json(fixture.run("why-not", "--json", "--policy", "wifi"))
        let readings = try #require(object["readings"] as? [String: Any])
        #expect(readings["from"] as? String == "sensors")
        #expect(readings["daemon_problem"] is NSNull)
    }

    @Test func aDaemonInIntervalModeHasNoReadingsAndWhyNotReadsItsOwn() throws {
        let fixture = try DaemonFixture(services: [.networkManager]) { driver in
            try driver.nmAddPrimaryProperties(metered: 1)
        }
        try fixture.config(command: [fixture.countingScript()])
        try fixture.cli.write("home/policies/wifi.yaml", "network: { require: unmetered }\n")
        #expect(try fixture.run("daemon", "--interval", "86400").status == 0)
        try fixture.waitFor("the first run") { fixture.runs.first?.outcome == .success }
        let object = try json(fixture.run("why-not", "--json", "--policy", "wifi"))
        let readings = try #require(object["readings"] as? [String: Any])
        #expect(readings["from"] as? String == "sensors")
        #expect(readings["daemon_problem"] is NSNull)
        #expect(
            (object.rule("network")?["observed"] as? String)?.hasPrefix("NetworkManager: metered=yes") == true
        )
    }
}
