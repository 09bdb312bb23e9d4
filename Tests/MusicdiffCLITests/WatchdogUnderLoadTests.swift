import Foundation
import MusicdiffDaemon
import MusicdiffTestSupport
import Testing

/// Nothing the daemon waits for delays its watchdog ping (issue 21): an e-mail to an SMTP
/// server that accepts and never answers, and a job that ignores SIGTERM for its whole grace,
/// with `WATCHDOG_USEC` of 2 s (a ping a second): no gap between pings much over a second.
@Suite struct WatchdogUnderLoadTests {
    @Test func aStalledMailAndAJobIgnoringSigtermDelayNoPing() throws {
        let silent = try SilentListener()
        let fixture = try DaemonFixture(services: [.networkManager]) { driver in
            try driver.nmJoinWiFi(ssid: "Home", name: "home", metered: 4)
        }
        let root = fixture.cli.root
        // Ignores SIGTERM until `go` exists; then prints a conflict and ends.
        let job = try fixture.script(
            "stubborn.sh",
            """
            trap '' TERM
            echo $$ >> \(root)/pids
            while [ ! -e \(root)/go ]; do sleep 0.1; done
            echo '{"changes_applied": 1, "failed_changes": 0, "conflicts": [{"entity_type": "track", "entity_id": "42"}]}'
            """
        )
        try fixture.config(
            command: [job],
            sync: "  grace: 3s\n",
            daemon: """
                  notify_on_conflicts: true
                  notification_method: email
                  email: { smtp_server: 127.0.0.1, port: \(silent.port), username: m@example.com, to: me@example.com }

                """
        )
        try fixture.cli.write(
            "home/policies/wifi.yaml",
            "network: { require: unmetered }\nwhile_running:\n  network: { require: unmetered }\n  grace: 3s\n"
        )
        let socket = try NotifySocket()
        let (daemon, _, _) = try fixture.launch(["daemon", "--foreground", "--policy", "wifi"]) { _ in
            ["NOTIFY_SOCKET": socket.address, "WATCHDOG_USEC": "2000000"]
        }
        defer { if daemon.isRunning { daemon.interrupt() } }
        try socket.wait(for: "READY=1") { $0.hasPrefix("READY=1") }
        var pings: [ContinuousClock.Instant] = []
        func ping() throws {
            try socket.wait(for: "a watchdog ping", after: socket.received.count, timeout: .seconds(10)) {
                $0 == "WATCHDOG=1"
            }
            pings.append(.now)
        }
        try fixture.waitFor("the job") { fixture.runs.first?.outcome == .running }
        // The stop: the job ignores SIGTERM for its whole grace (3 s), then gets SIGKILL.
        try fixture.driver.nmSetMetered(1)
        while fixture.runs.first?.outcome != .stopped { try ping() }
        // The restart ends at once with a conflict, whose mail hangs on the silent server.
        FileManager.default.createFile(atPath: root + "/go", contents: nil)
        try fixture.driver.nmSetMetered(4)
        while !fixture.log.contains("Conflicts: track: 42") { try ping() }
        for _ in 1...3 { try ping() }
        let gaps = zip(pings, pings.dropFirst()).map { $1 - $0 }
        #expect(pings.count >= 6, "\(pings.count) pings")
        #expect(gaps.allSatisfy { $0 < .milliseconds(1750) }, "gaps: \(gaps)")
        let first = try String(contentsOfFile: root + "/pids", encoding: .utf8).split(separator: "\n").first
        #expect(kill(pid_t(first.map(String.init) ?? "") ?? 0, 0) != 0, "the stubborn job got SIGKILL")
        #expect(!fixture.log.contains("Conflicts notified"), "the mail still hangs: \(fixture.log)")
    }
}
