import Foundation
import MusicdiffDaemon
import MusicdiffTestSupport
import Testing

/// The daemon under systemd, as the generated unit runs it (`daemon --foreground`), with
/// `NOTIFY_SOCKET` on a datagram socket the test binds: readiness, the status line, reloads,
/// shutdown, the watchdog, and the journal's priority prefixes.
@Suite struct DaemonServiceTests {
    /// A due sync blocked by UPower's battery, released by AC, then synced: the messages come
    /// in systemd's order, each status line in the words of why-not.
    @Test func notifiesReadinessStatusReloadAndStop() throws {
        let fixture = try DaemonFixture(services: [.upower]) { driver in
            try driver.upowerSetDisplayDevice(percent: 23, state: 2)
            try driver.upowerSetOnBattery(true)
        }
        try fixture.cli.power(ac: false, percent: 23)
        try fixture.config(command: [fixture.countingScript()])
        try fixture.cli.write("home/policies/battery.yaml", "battery: { min_percent: 40 }\npoll: 1h\n")
        let socket = try NotifySocket()
        let (daemon, _, _) = try fixture.launch(["daemon", "--foreground", "--policy", "battery"]) { _ in
            ["NOTIFY_SOCKET": socket.address]
        }
        // READY=1 comes with the first status line, in one message, so that `systemctl status`
        // never shows the started daemon without one.
        let blocked = try socket.wait(for: "READY=1 with the first status") { $0.hasPrefix("READY=1") }
        let first = blocked.message.split(separator: "\n")
        #expect(first.count == 2, "\(blocked.message)")
        #expect(
            first.last?.hasPrefix("STATUS=due since ") == true
                && blocked.message.contains(", blocked by battery: on battery at 23%, below 40%")
        )
        #expect(!socket.received.contains { $0.hasPrefix("STATUS=") }, "no status before READY=1")
        #expect(fixture.scriptRuns == 0)

        try fixture.driver.upowerSetOnBattery(false)
        let syncing = try socket.wait(for: "a syncing status", after: blocked.index) {
            $0.hasPrefix("STATUS=syncing since ")
        }
        let next = try socket.wait(for: "a next-sync status", after: syncing.index) {
            $0.hasPrefix("STATUS=next sync ")
        }
        #expect(fixture.scriptRuns == 1)
        #expect(socket.received.contains { $0.hasPrefix("STATUS=syncing since ") && $0.contains(" (pid ") })
        let statuses = socket.received.filter { $0.hasPrefix("STATUS=") }
        #expect(Set(statuses).count == statuses.count, "a line is sent only when it changes: \(statuses)")

        kill(daemon.processIdentifier, SIGHUP)
        let reloading = try socket.wait(for: "RELOADING=1", after: next.index) { $0.hasPrefix("RELOADING=1") }
        let lines = reloading.message.split(separator: "\n")
        #expect(
            lines.count == 2 && lines[1].hasPrefix("MONOTONIC_USEC=") && Int(lines[1].dropFirst(15)) != nil
        )
        let reloaded = try socket.wait(for: "READY=1 after the reload", after: reloading.index) {
            $0.hasPrefix("READY=1")
        }

        daemon.terminate()
        try socket.wait(for: "STOPPING=1", after: reloaded.index) { $0.hasPrefix("STOPPING=1") }
        daemon.waitUntilExit()
        #expect(daemon.terminationStatus == 0)
        #expect(!socket.received.contains("WATCHDOG=1"), "no watchdog without WATCHDOG_USEC")
    }

    /// With `WATCHDOG_USEC` of 2 s the loop pings every second from its own waits, while it
    /// sleeps with a blocked sync and a poll of an hour: the pings are not decisions.
    @Test func pingsTheWatchdogFromTheLoop() throws {
        let fixture = try DaemonFixture()
        try fixture.config(command: [fixture.countingScript()])
        try fixture.cli.write("proc/loadavg", "4.00 1.00 1.00 1/100 99\n")
        try fixture.cli.write("home/policies/busy.yaml", "load: { max_per_core: 0.5 }\npoll: 1h\n")
        let socket = try NotifySocket()
        let (daemon, _, _) = try fixture.launch(["daemon", "--foreground", "--policy", "busy"]) { _ in
            ["NOTIFY_SOCKET": socket.address, "WATCHDOG_USEC": "2000000"]
        }
        try socket.wait(for: "READY=1") { $0.hasPrefix("READY=1") }
        try socket.wait(for: "a status blocked by load") { $0.contains("blocked by load") }
        var ticks = 0
        for ping in 1...5 {
            try socket.wait(for: "watchdog ping \(ping)", after: socket.received.count) { $0 == "WATCHDOG=1" }
            // Counted from the second ping, a second after the start-up's decisions.
            if ping == 2 { ticks = fixture.ticks.count }
        }
        #expect(fixture.ticks.count == ticks, "a ping re-decides nothing")
        #expect(!socket.received.contains { $0.hasPrefix("STATUS=") && !$0.contains("blocked by load") })

        // And it stops when told to, with its watchdog running.
        daemon.terminate()
        #expect(poll(timeout: .seconds(60)) { !daemon.isRunning }, "the daemon hangs on its socket")
    }

    /// A start-up that fails tells systemd why, with an errno.
    @Test func aFailedStartSendsErrnoAndTheReason() throws {
        let fixture = try DaemonFixture()
        try fixture.cli.write("home/config.yaml", "daemon:\n  interval: 1h\n")
        let socket = try NotifySocket()
        let (daemon, _, _) = try fixture.launch(["daemon", "--foreground"]) { _ in
            ["NOTIFY_SOCKET": socket.address]
        }
        let failure = try socket.wait(for: "ERRNO=") { $0.hasPrefix("ERRNO=") }
        #expect(
            failure.message.hasPrefix(
                "ERRNO=\(EINVAL)\nSTATUS=cannot start: no sync command: set sync.command"
            )
        )
        daemon.waitUntilExit()
        #expect(daemon.terminationStatus == 1)
        #expect(!socket.received.contains { $0.hasPrefix("READY=1") })
    }

    /// Under systemd (`JOURNAL_STREAM` names stderr) a line goes to the journal with its syslog
    /// priority and without the timestamp; daemon.log keeps the original's format.
    @Test func logsToTheJournalWithPriorities() throws {
        let fixture = try DaemonFixture()
        let job = fixture.cli.root + "/job-env"
        try fixture.config(command: [
            try fixture.script(
                "fail.sh",
                "echo \"${NOTIFY_SOCKET:-unset} ${WATCHDOG_USEC:-unset}\" > \(job)\necho 'disk full' >&2\nexit 3"
            )
        ])
        let socket = try NotifySocket()
        let (daemon, _, errors) = try fixture.launch(["daemon", "--foreground", "--interval", "1h"]) { pipe in
            var info = stat()
            fstat(pipe.fileHandleForWriting.fileDescriptor, &info)
            return [
                "JOURNAL_STREAM": "\(info.st_dev):\(info.st_ino)", "NOTIFY_SOCKET": socket.address,
                "WATCHDOG_USEC": "60000000",
            ]
        }
        try socket.wait(for: "the status after the failed run") { $0.hasPrefix("STATUS=next sync ") }
        daemon.terminate()
        daemon.waitUntilExit()
        let journal = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let lines = journal.split(separator: "\n").map(String.init)
        #expect(lines.contains("<6>Starting automatic sync..."), "\(journal)")
        #expect(lines.contains { $0.hasPrefix("<3>Sync failed: ") }, "\(journal)")
        #expect(lines.allSatisfy { $0.hasPrefix("<") }, "\(journal)")
        #expect(fixture.log.contains(" - musicdiff - ERROR - Sync failed: "))
        #expect(fixture.log.contains(" - musicdiff - INFO - Starting automatic sync..."))
        let seen = try String(contentsOfFile: job, encoding: .utf8)
        #expect(seen == "unset unset\n", "the job must not take the daemon's socket for its own")
    }
}
