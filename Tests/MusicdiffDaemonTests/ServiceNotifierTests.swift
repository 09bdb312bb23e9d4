import Foundation
import Logging
import MusicdiffCore
import MusicdiffTestSupport
import Testing

@testable import MusicdiffDaemon

/// The sd_notify datagrams, systemd's variables, the status line's words and the journal's
/// line form, without a daemon.
@Suite struct ServiceNotifierTests {
    @Test func systemdsVariablesChooseTheSocketAndTheWatchdog() {
        let none = ServiceNotifier(environment: [:])
        #expect(none.socketPath == nil && none.watchdogEvery == nil)
        let plain = ServiceNotifier(environment: ["NOTIFY_SOCKET": "/run/user/1000/systemd/notify"])
        #expect(plain.socketPath == "/run/user/1000/systemd/notify" && plain.watchdogEvery == nil)
        let watched = ServiceNotifier(
            environment: ["NOTIFY_SOCKET": "@n", "WATCHDOG_USEC": "120000000", "WATCHDOG_PID": "42"],
            pid: 42
        )
        #expect(watched.watchdogEvery == .seconds(60))
        let elsewhere = ServiceNotifier(
            environment: ["NOTIFY_SOCKET": "@n", "WATCHDOG_USEC": "120000000", "WATCHDOG_PID": "41"],
            pid: 42
        )
        #expect(elsewhere.watchdogEvery == nil, "the watchdog is another process's")
        #expect(ServiceNotifier(environment: ["WATCHDOG_USEC": "120000000"]).watchdogEvery == nil)
        #expect(
            ServiceNotifier(environment: ["NOTIFY_SOCKET": "@n", "WATCHDOG_USEC": "0"]).watchdogEvery == nil
        )
    }

    /// A socket path (not only an abstract name) gets the datagram; a missing one is no error.
    @Test func sendsToASocketPathAndShrugsAtAMissingOne() throws {
        let folder = try ScratchFolder("md-notify")
        let socket = try NotifySocket(path: folder.file("notify"))
        ServiceNotifier(socketPath: socket.address, watchdogEvery: nil).status("next sync 14:00")
        #expect(
            try socket.wait(for: "the status", timeout: .seconds(5)) { _ in true }.message
                == "STATUS=next sync 14:00"
        )
        ServiceNotifier(socketPath: folder.file("gone"), watchdogEvery: nil).ready()
        ServiceNotifier.none.stopping(status: "stopping")
    }

    /// A reader that never reads (its queue full) holds a send back about a second, not forever:
    /// the loop that sends never stalls on it.
    @Test func aFullQueueDropsTheMessageRatherThanStallTheSender() throws {
        let socket = try NotifySocket()
        let sender = Glibc.socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(sender) }
        var filled = 0
        while filled < 10_000,
            NotifySocket.withAddress(socket.address, { sendto(sender, "x", 1, Int32(MSG_DONTWAIT), $0, $1) })
                == 1
        {
            filled += 1
        }
        try #require(filled < 10_000, "the queue never filled")
        let started = ContinuousClock.now
        ServiceNotifier(socketPath: socket.address, watchdogEvery: nil).watchdog()
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test func statusLinesSpeakOfWhatTheDaemonWaitsFor() throws {
        let utc = TimeZone(identifier: "UTC")!
        let now = Date(timeIntervalSince1970: 1_800_014_400)  // Fri 2027-01-15 12:00 UTC
        #expect(LoopStatus.nextSync(now + 7200).text(now: now, timeZone: utc) == "next sync 14:00")
        #expect(LoopStatus.nextSync(now + 86_400).text(now: now, timeZone: utc) == "next sync Sat 12:00")
        #expect(
            LoopStatus.nextSync(now + 30 * 86_400).text(now: now, timeZone: utc)
                == "next sync 2027-02-14 12:00"
        )
        #expect(
            LoopStatus.syncing(since: now, pid: 4711).text(now: now, timeZone: utc)
                == "syncing since 12:00 (pid 4711)"
        )
        #expect(
            LoopStatus.settling(until: now + 120).text(now: now, timeZone: utc)
                == "settling after resume until 12:02"
        )
        let policy = try PolicyParser.parse(
            "battery: { min_percent: 40 }\nnetwork: { require: unmetered }\n",
            file: "p.yaml",
            defaultName: "p"
        )
        let snapshot = Snapshot.testing(
            lastSync: .known(.never),
            dueSince: now - 3600,
            network: .known(NetworkState(metered: .yes, primary: .wifi, ssid: "Phone", connectivity: .full)),
            battery: .known(BatteryState(onBattery: true, percent: 23, source: "UPower"))
        )
        let decision = PolicyEngine.decide(policy, on: snapshot, at: LocalInstant(date: now, timeZone: utc))
        #expect(
            LoopStatus.blocked(dueSince: now - 3600, decision: decision).text(now: now, timeZone: utc)
                == "due since 11:00, blocked by network: the connection is metered (yes); "
                + "battery: on battery at 23%, below 40%"
        )
    }

    @Test func aStatusTimeIsShownInTheZoneOffsetOfItsOwnDate() {
        // Europe/Berlin leaves summer time on Sunday 2026-10-25: now is 14:00 CEST (+02:00), and
        // a sync two days later, at 12:00 UTC, is at 13:00 CET (+01:00), not 14:00.
        let berlin = TimeZone(identifier: "Europe/Berlin")!
        let now = Date(timeIntervalSince1970: 1_792_843_200)  // Sat 2026-10-24 12:00 UTC
        #expect(LoopStatus.nextSync(now).text(now: now, timeZone: berlin) == "next sync 14:00")
        #expect(
            LoopStatus.nextSync(now + 2 * 86_400).text(now: now, timeZone: berlin) == "next sync Mon 13:00"
        )
    }

    @Test func journalLinesCarryTheSyslogPriorityAndNoTimestamp() {
        #expect(
            RotatingFileLogHandler.journalLine(level: .info, message: "started", metadata: [:])
                == "<6>started"
        )
        #expect(RotatingFileLogHandler.journalLine(level: .warning, message: "w", metadata: [:]) == "<4>w")
        #expect(
            RotatingFileLogHandler.journalLine(level: .error, message: "a\nb", metadata: [:]) == "<3>a\n<3>b"
        )
        #expect(
            RotatingFileLogHandler.journalLine(level: .debug, message: "d", metadata: ["k": "two words"])
                == #"<7>d k="two words""#
        )
    }

    /// `$JOURNAL_STREAM` counts only when it names the descriptor itself.
    @Test func theJournalIsStderrOnlyWhenItsDeviceAndInodeMatch() throws {
        let folder = try ScratchFolder("md-journal")
        let fd = open(folder.file("stream"), O_WRONLY | O_CREAT, 0o600)
        defer { close(fd) }
        var info = stat()
        try #require(fstat(fd, &info) == 0)
        #expect(JournalStream.isJournal(fd, environment: ["JOURNAL_STREAM": "\(info.st_dev):\(info.st_ino)"]))
        #expect(
            !JournalStream.isJournal(fd, environment: ["JOURNAL_STREAM": "\(info.st_dev):\(info.st_ino + 1)"])
        )
        #expect(!JournalStream.isJournal(fd, environment: ["JOURNAL_STREAM": "junk"]))
        #expect(!JournalStream.isJournal(fd, environment: [:]))
    }
}
