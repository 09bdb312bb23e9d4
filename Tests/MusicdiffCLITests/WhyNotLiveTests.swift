import Foundation
import MusicdiffTestSupport
import Testing

/// `musicdiff why-not --json` as a process, reading python-dbusmock's UPower,
/// NetworkManager and logind on a private system bus.
@Suite struct WhyNotLiveTests {
    func json(_ fixture: DaemonFixture, policy: String) throws -> [String: Any] {
        let result = try fixture.run("why-not", "--json", "--policy", policy)
        guard result.status == 0,
            let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        else { throw CLIFixture.Failure(message: "why-not failed: \(result.status) \(result.stderr)") }
        return object
    }

    @Test func upowerOnBatteryBelowTheMinimumBlocksAndACReleases() throws {
        let fixture = try DaemonFixture(services: [.upower]) { driver in
            try driver.upowerSetDisplayDevice(percent: 23, state: 2)
            try driver.upowerSetOnBattery(true)
        }
        try fixture.cli.write("home/policies/b.yaml", "battery: { min_percent: 40 }\n")
        let blocked = try json(fixture, policy: "b")
        #expect(blocked["would_sync"] as? Bool == false)
        let battery = try #require(blocked.rule("battery"))
        #expect(battery["ok"] as? Bool == false)
        #expect(battery["observed"] as? String == "on battery, 23%")
        #expect(battery["reason"] as? String == "on battery at 23%, below 40%")

        try fixture.driver.upowerSetOnBattery(false)
        let released = try json(fixture, policy: "b")
        #expect(released["would_sync"] as? Bool == true)
        #expect(released.rule("battery")?["observed"] as? String == "on AC, 23%")
    }

    @Test func networkManagerMeteredStateAndSSIDAreNamed() throws {
        let fixture = try DaemonFixture(services: [.networkManager]) { driver in
            try driver.nmJoinWiFi(ssid: "HomeNet", name: "home", metered: 3)
        }
        try fixture.cli.write("home/policies/n.yaml", "network: { require: unmetered }\n")
        let network = try #require(json(fixture, policy: "n").rule("network"))
        #expect(network["ok"] as? Bool == false)
        #expect(
            network["observed"] as? String
                == "NetworkManager: metered=guess-yes, Wi-Fi \"HomeNet\", connectivity full"
        )
        #expect(network["reason"] as? String == "the connection is metered (guess-yes)")

        try fixture.driver.nmSetMetered(4)
        #expect(try json(fixture, policy: "n").rule("network")?["ok"] as? Bool == true)
    }

    @Test func aLongObservedValueMovesTheRequirementToItsOwnLine() throws {
        let ssid = "Grand Hotel Lobby Guest Network (5 GHz, floor 12)"
        let fixture = try DaemonFixture(services: [.networkManager]) { driver in
            try driver.nmJoinWiFi(ssid: ssid, name: "hotel", metered: 1)
        }
        try fixture.cli.power(ac: true, percent: 80)
        try fixture.cli.write(
            "home/policies/n.yaml",
            "network: { require: unmetered }\nbattery: { min_percent: 40 }\n"
        )
        let result = try fixture.run("why-not", "--policy", "n")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let network = try #require(lines.firstIndex { $0.hasPrefix("✗ network") })
        #expect(
            lines[network] == "✗ network  NetworkManager: metered=yes, Wi-Fi \"\(ssid)\", connectivity full"
        )
        #expect(
            lines[network + 1]
                == "           required: online, not metered  (the connection is metered (yes))"
        )
        // The other rules' columns fit their own values, not the long one.
        #expect(lines[network + 2] == "✓ battery  on AC, 80%  required: AC or >= 40%")
    }

    @Test func logindIdleSinceTwentyMinutesPassesATenMinuteRule() throws {
        let since = UInt64((Date().timeIntervalSince1970 - 1200) * 1_000_000)
        let fixture = try DaemonFixture(services: [.logind]) { driver in
            let session = try driver.logindAddSession("c1", uid: getuid(), type: "x11")
            try driver.logindSetSessionIdle(session, hint: false, since: 0)
        }
        try fixture.cli.write("home/policies/i.yaml", "idle: { min: 10m }\n")
        let active = try #require(json(fixture, policy: "i").rule("idle"))
        #expect(active["ok"] as? Bool == false)
        #expect(active["observed"] as? String == "active (logind session c1)")

        try fixture.driver.logindSetSessionIdle(
            "/org/freedesktop/login1/session/c1",
            hint: true,
            since: since
        )
        let idle = try #require(json(fixture, policy: "i").rule("idle"))
        #expect(idle["ok"] as? Bool == true)
        // 20m, or 20m and the seconds a loaded machine took to get here.
        let observed = idle["observed"] as? String ?? ""
        #expect(observed.hasPrefix("idle 20m") && observed.hasSuffix(" (logind session c1)"), "\(observed)")
    }

    @Test func withoutABusEveryDBusReadingIsUnknownAndSaysWhy() throws {
        let fixture = try DaemonFixture()
        try fixture.cli.write("home/policies/all.yaml", "network: { require: online }\nidle: { min: 1m }\n")
        let object = try json(fixture, policy: "all")
        let network = try #require(object.rule("network"))
        #expect(network["ok"] is NSNull)
        #expect((network["reason"] as? String)?.hasPrefix("no system bus: ") == true)
        #expect(object.rule("idle")?["ok"] is NSNull)
    }
}
