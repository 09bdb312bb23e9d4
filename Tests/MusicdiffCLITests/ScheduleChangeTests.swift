import Foundation
import MusicdiffCore
import MusicdiffDaemon
import Testing

/// A daemon started again with another schedule, or reloaded with one, plans from the last
/// run instead of keeping the due time the old schedule left.
@Suite struct ScheduleChangeTests {
    func nextDue(_ fixture: DaemonFixture) throws -> Date? {
        try StateStore.openForReading(path: fixture.home.stateFile)?.scheduleState()?.nextDue
    }

    @Test func aRestartWithAnotherIntervalPlansFromTheLastRun() throws {
        let fixture = try DaemonFixture()
        try fixture.config(command: [fixture.countingScript()])
        #expect(try fixture.run("daemon", "--interval", "1h").status == 0)
        try fixture.waitFor("the first sync") { fixture.log.contains("Next sync in 1h") }
        #expect(try fixture.run("daemon", "stop").status == 0)
        let lastRun = try #require(fixture.runs.first?.startedAt)

        #expect(try fixture.run("daemon", "--interval", "6h").status == 0)
        try fixture.waitFor("the new plan: 6h after the last run") {
            (try? nextDue(fixture)).flatMap { $0 }.map {
                abs($0.timeIntervalSince(lastRun.addingTimeInterval(6 * 3600))) < 5
            }
                == true
        }
        #expect(fixture.log.contains("The schedule changed (was every 1h)"))
        #expect(fixture.scriptRuns == 1)
    }

    /// The store keeps the interval exactly: 26h and 26h30m are two schedules (earlier
    /// versions kept both as `every 1d 2h` and kept the old due time).
    @Test func aRestartFrom26hTo26h30mPlansFromTheLastRun() throws {
        let fixture = try DaemonFixture()
        try fixture.config(command: [fixture.countingScript()])
        #expect(try fixture.run("daemon", "--interval", "26h").status == 0)
        try fixture.waitFor("the first sync") { fixture.log.contains("Next sync in 1d 2h") }
        #expect(try fixture.run("daemon", "stop").status == 0)
        let lastRun = try #require(fixture.runs.first?.startedAt)

        #expect(try fixture.run("daemon", "--interval", "26h30m").status == 0)
        try fixture.waitFor("the new plan: 26h30m after the last run") {
            (try? nextDue(fixture)).flatMap { $0 }.map {
                abs($0.timeIntervalSince(lastRun.addingTimeInterval(26.5 * 3600))) < 5
            }
                == true
        }
        #expect(fixture.log.contains("The schedule changed (was every 1d2h)"), "\(fixture.log)")
    }

    /// A daemon upgraded in place finds its due time kept under the key earlier versions wrote
    /// (`every 1h 30m`) and keeps it.
    @Test func aDueTimeKeptUnderTheFormerKeyIsKept() throws {
        let fixture = try DaemonFixture()
        try fixture.config(command: [fixture.countingScript()])
        #expect(try fixture.run("daemon", "--interval", "90m").status == 0)
        try fixture.waitFor("the first sync") { fixture.log.contains("Next sync in 1h 30m") }
        #expect(try fixture.run("daemon", "stop").status == 0)
        let kept = Date().addingTimeInterval(5000).timeIntervalSince1970.rounded()
        let store = try StateStore.open(path: fixture.home.stateFile)
        try store.setValue("every 1h 30m", for: "planned_for")
        try store.saveScheduleState(ScheduleState(nextDue: Date(timeIntervalSince1970: kept)))

        #expect(try fixture.run("daemon", "--interval", "90m").status == 0)
        var said: Date?
        try fixture.waitFor("the daemon to say its next due time") {
            let status = try fixture.run("daemon", "status", "--json").stdout
            let object = try JSONSerialization.jsonObject(with: Data(status.utf8)) as? [String: Any]
            said = (object?["next_due"] as? String).flatMap { ISO8601DateFormatter().date(from: $0) }
            return said != nil
        }
        #expect(said?.timeIntervalSince1970 == kept)
        #expect(try nextDue(fixture)?.timeIntervalSince1970 == kept)
        #expect(!fixture.log.contains("The schedule changed"), "\(fixture.log)")
        #expect(fixture.scriptRuns == 1)
    }

    @Test func aReloadWithAnotherIntervalPlansFromTheLastRun() throws {
        let fixture = try DaemonFixture()
        try fixture.config(command: [fixture.countingScript()], daemon: "  interval: 1h\n")
        #expect(try fixture.run("daemon").status == 0)
        try fixture.waitFor("the first sync") { fixture.log.contains("Next sync in 1h") }
        let pid = try #require(fixture.daemonPid)
        let lastRun = try #require(fixture.runs.first?.startedAt)
        try fixture.config(command: [fixture.countingScript()], daemon: "  interval: 2h\n")
        kill(pid, SIGHUP)
        try fixture.waitFor("the new plan") {
            (try? nextDue(fixture)).flatMap { $0 }.map {
                abs($0.timeIntervalSince(lastRun.addingTimeInterval(7200))) < 5
            }
                == true
        }
        #expect(fixture.log.contains("The schedule changed (was every 1h)"))
    }

    @Test func whyNotAgainstAnIntervalDaemonSaysNoPolicyGatesIt() throws {
        let fixture = try DaemonFixture()
        try fixture.config(command: [fixture.countingScript()])
        #expect(try fixture.run("daemon", "--interval", "1h").status == 0)
        try fixture.waitFor("the first sync") { fixture.log.contains("Next sync in 1h") }
        let pid = try #require(fixture.daemonPid)
        let plain = try fixture.run("why-not")
        #expect(plain.status == 0)
        #expect(
            plain.stdout.hasPrefix(
                "the daemon (pid \(pid)) is not in smart mode: it syncs every 1h, whatever the machine is doing; next sync "
            ),
            "\(plain.stdout)"
        )
        #expect(plain.stdout.split(separator: "\n").count == 1, "no policy is explained unasked")
        let asked = try fixture.run("why-not", "--policy", "server")
        #expect(
            asked.stdout.contains("\nwith --policy, if it were in smart mode:\nserver (shipped): "),
            "\(asked.stdout)"
        )
        let json = try fixture.run("why-not", "--json")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        )
        #expect((object["daemon"] as? [String: Any])?["smart"] as? Bool == false)
    }
}
