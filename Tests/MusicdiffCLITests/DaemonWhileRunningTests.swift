import Foundation
import MusicdiffDaemon
import MusicdiffTestSupport
import Testing

/// `while_running` through the real binary, against python-dbusmock: a sync that loses its
/// conditions is stopped (SIGTERM reaches the job), recorded as stopped with the reason,
/// and not treated as a failure.
@Suite struct DaemonWhileRunningTests {
    static func wifi(_ driver: BusDriver, metered: UInt32) throws {
        try driver.nmJoinWiFi(ssid: "Home", name: "home", metered: metered)
    }

    @Test func aNetworkTurningMeteredStopsTheRunWhichStartsAgainWhenItIsNot() throws {
        let fixture = try DaemonFixture(services: [.networkManager]) { try Self.wifi($0, metered: 2) }
        try fixture.config(command: [fixture.spanningJob()])
        try fixture.cli.write(
            "home/policies/home.yaml",
            "network: { require: unmetered }\npoll: 1h\nwhile_running:\n  network: { require: unmetered }\n  grace: 5s\n"
        )
        #expect(try fixture.run("daemon", "--policy", "home").status == 0)
        try fixture.waitFor("the job") { fixture.spans.count == 1 }
        let job = try #require(Int32(fixture.spans[0].pid))

        let whyNot = try fixture.run("why-not")
        #expect(
            whyNot.stdout.hasPrefix("a sync is running since ")
                && whyNot.stdout.contains(" (pid \(job)); it stops if the network turns metered\n"),
            "\(whyNot.stdout)"
        )
        let status = try fixture.run("daemon", "status")
        #expect(
            status.stdout.contains("(pid \(job)); it stops if the network turns metered"),
            "\(status.stdout)"
        )

        try fixture.driver.nmSetMetered(1)
        try fixture.waitFor("the stop") { fixture.runs.first?.outcome == .stopped }
        #expect(fixture.runs.first?.message == "the network turned metered (yes)")
        #expect(fixture.log.contains(" - INFO - Sync stopped: the network turned metered (yes)"))
        #expect(fixture.spans.first?.end != nil, "the job got SIGTERM and ended on it")
        let reply = try fixture.run("why-not", "--json")
        let after = try #require(
            try JSONSerialization.jsonObject(with: Data(reply.stdout.utf8)) as? [String: Any]
        )
        let run = try #require(after["run"] as? [String: Any])
        #expect(run["outcome"] as? String == "stopped")
        #expect(run["reason"] as? String == "the network turned metered (yes)")
        #expect(
            try fixture.run("daemon", "status").stdout.contains(", stopped: the network turned metered (yes)")
        )
        #expect(!fixture.log.contains("conflict"), "no notification for a stop")

        try fixture.driver.nmSetMetered(2)
        try fixture.waitFor("the restart once unmetered") { fixture.spans.count == 2 }
        #expect(fixture.runs.count == 2)
    }

    @Test func unpluggingBelowTheStopThresholdStopsTheRunButNotAbove() throws {
        let fixture = try DaemonFixture(services: [.upower]) { driver in
            try driver.upowerSetDisplayDevice(percent: 30, state: 1)
            try driver.upowerSetOnBattery(false)
        }
        try fixture.config(command: [fixture.spanningJob()])
        try fixture.cli.write(
            "home/policies/power.yaml",
            "battery: { min_percent: 40 }\nload: { max_per_core: 0.5 }\npoll: 1h\n"
                + "while_running:\n  battery: { min_percent: 25 }\n  grace: 5s\n"
        )
        try fixture.cli.write("proc/loadavg", "0.10 0.10 0.10 1/100 99\n")
        #expect(try fixture.run("daemon", "--policy", "power").status == 0)
        try fixture.waitFor("the job") { fixture.spans.count == 1 }

        // Load is a start rule only: a busy machine and a battery above 25 % do not stop it.
        try fixture.cli.write("proc/loadavg", "9.00 9.00 9.00 1/100 99\n")
        try fixture.driver.upowerSetDisplayDevice(percent: 28, state: 2)
        try fixture.driver.upowerSetOnBattery(true)
        try fixture.driver.upowerSetDisplayDevice(percent: 22, state: 2)
        try fixture.waitFor("the stop") { fixture.runs.first?.outcome == .stopped }
        // Had the load (or 28 %) stopped it, the reason would say so.
        #expect(fixture.runs.first?.message == "battery fell to 22 %, below 25 %")
        #expect(fixture.log.components(separatedBy: "Sync stopped").count == 2, "stopped once")
    }

    @Test func aUserActiveForActiveForStopsTheRun() throws {
        let longAgo = UInt64(Date().addingTimeInterval(-3600).timeIntervalSince1970 * 1_000_000)
        var session = ""
        let fixture = try DaemonFixture(services: [.logind]) { driver in
            session = try driver.logindAddSession("c1", uid: getuid(), type: "x11")
            try driver.logindSetSessionIdle(session, hint: true, since: longAgo)
        }
        try fixture.config(command: [fixture.spanningJob()])
        try fixture.cli.write(
            "home/policies/away.yaml",
            "idle: { min: 10m }\npoll: 1h\nwhile_running:\n  idle: { active_for: 2s }\n  grace: 5s\n"
        )
        #expect(try fixture.run("daemon", "--policy", "away").status == 0)
        try fixture.waitFor("the job") { fixture.spans.count == 1 }
        try fixture.driver.logindSetSessionIdle(session, hint: false, since: 0)
        try fixture.waitFor("the stop once the user has been back for 2s") {
            fixture.runs.first?.outcome == .stopped
        }
        #expect(
            fixture.runs.first?.message?.hasPrefix("the user has been active for 2s") == true,
            "\(fixture.runs)"
        )
    }

    /// A home with logind's mock, a job that runs until stopped and a `sleepy` policy that stops
    /// a run on suspend and settles `settle` after a resume.
    static func sleepy(settle: String) throws -> DaemonFixture {
        let fixture = try DaemonFixture(services: [.logind])
        try fixture.config(command: [fixture.spanningJob()])
        try fixture.cli.write(
            "home/policies/sleepy.yaml",
            "poll: 1h\nsettle: \(settle)\nwhile_running:\n  on_sleep: stop\n  grace: 10s\n"
        )
        return fixture
    }

    @Test func aSuspendStopsTheRunAndTheDelayLockIsHeldExactlyWhileItRuns() throws {
        let fixture = try Self.sleepy(settle: "10m")
        func held() throws -> Bool { try fixture.driver.logindInhibitors().contains(.musicdiffSleepDelay) }
        #expect(try !held())
        #expect(try fixture.run("daemon", "--policy", "sleepy").status == 0)
        try fixture.waitFor("the job") { fixture.spans.count == 1 }
        try fixture.waitFor("the delay lock while the job runs") { try held() }

        try fixture.driver.logindEmitPrepareForSleep(true)
        try fixture.waitFor("the stop") { fixture.runs.first?.outcome == .stopped }
        #expect(fixture.runs.first?.message == "the machine is going to sleep")
        #expect(fixture.spans.first?.end != nil, "the job got SIGTERM")
        try fixture.waitFor("the lock to be released once the job is gone") { try !held() }

        try fixture.driver.logindEmitPrepareForSleep(false)
        try fixture.waitFor("the settle period") {
            fixture.log.contains("Resumed (logind); no sync starts for 10m")
        }
        let whyNot = try fixture.run("why-not")
        #expect(whyNot.stdout.contains("settling after resume until "), "\(whyNot.stdout)")
        #expect(fixture.spans.count == 1, "nothing starts while settling")
    }

    @Test func aRunTheResumeStartedIsStoppedByTheNextSuspendAndNothingStartsBeforeTheResume() throws {
        let fixture = try Self.sleepy(settle: "0s")
        func held() throws -> Bool { try fixture.driver.logindInhibitors().contains(.musicdiffSleepDelay) }
        let socket = try NotifySocket()
        _ = try fixture.launch(["daemon", "--foreground", "--policy", "sleepy"]) { _ in
            ["NOTIFY_SOCKET": socket.address]
        }
        let asleepStatus = "STATUS=the machine is going to sleep; no sync starts before it resumes"
        try fixture.waitFor("the job") { fixture.spans.count == 1 }
        try fixture.driver.logindEmitPrepareForSleep(true)
        let first = try socket.wait(for: "asleep once the first run is stopped") { $0.contains(asleepStatus) }
        try fixture.waitFor("the lock released") { try !held() }
        try fixture.driver.logindEmitPrepareForSleep(false)
        // settle 0s: the resume starts the sync that is still due at once, at its own time.
        let syncing = try socket.wait(for: "the second run's status", after: first.index + 1) {
            $0.contains("STATUS=syncing since ")
        }
        try fixture.waitFor("the run the resume started") { fixture.spans.count == 2 }
        try fixture.waitFor("the delay lock while it runs") { try held() }

        try fixture.driver.logindEmitPrepareForSleep(true)
        let asleep = try socket.wait(for: "asleep once the second run is stopped", after: syncing.index + 1) {
            $0.contains(asleepStatus)
        }
        try fixture.waitFor("the lock released again") { try !held() }
        #expect(fixture.runs.count == 2 && fixture.runs.last?.outcome == .stopped)
        #expect(fixture.spans.count == 2, "no run (nor delay lock) while the machine suspends")
        #expect(!socket.received[asleep.index...].contains { $0.contains("STATUS=syncing") })

        try fixture.driver.logindEmitPrepareForSleep(false)
        try fixture.waitFor("the run after the resume") { fixture.spans.count == 3 }
    }
}
