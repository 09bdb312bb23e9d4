import Foundation
import MusicdiffDaemon
import MusicdiffTestSupport
import Testing

/// The original design's auto-sync settings and the trigger reach the sync job's
/// environment, for every trigger and both values, and a reload applies to the next run.
@Suite struct JobEnvironmentTests {
    /// A job that appends `TRIGGER AUTO_ACCEPT SKIP MODE` to `env.txt`, then runs until
    /// stopped when `wait` is set (else ends at once).
    func environmentJob(_ fixture: DaemonFixture, wait: Bool = false) throws -> String {
        let root = fixture.cli.root
        return try fixture.script(
            "env.sh",
            """
            exec 2>> \(root)/env.err
            echo "$MUSICDIFF_SYNC_TRIGGER $MUSICDIFF_AUTO_ACCEPT_NON_CONFLICTS $MUSICDIFF_SKIP_CONFLICTS $MUSICDIFF_SYNC_MODE" >> \(root)/env.txt
            \(wait ? "trap 'exit 143' TERM; while :; do sleep 0.05 & wait $!; done" : "")
            """
        )
    }

    func lines(_ fixture: DaemonFixture) -> [String] {
        ((try? fixture.cli.read("env.txt")) ?? "").split(separator: "\n").map(String.init)
    }

    func settings(auto: Bool, skip: Bool) -> String {
        "  auto_accept_non_conflicts: \(auto)\n  skip_conflicts: \(skip)\n"
    }

    @Test func manualAndForcedRunsCarryTheirTriggerAndTheSettings() throws {
        let fixture = try DaemonFixture()
        try fixture.config(command: [environmentJob(fixture)])
        #expect(try fixture.run("sync").status == 0)
        try fixture.config(command: [environmentJob(fixture)], daemon: settings(auto: false, skip: false))
        #expect(try fixture.run("sync", "--force").status == 0)
        try fixture.config(command: [environmentJob(fixture)], daemon: settings(auto: true, skip: false))
        #expect(try fixture.run("sync").status == 0)
        #expect(lines(fixture) == ["manual 1 1 auto", "forced 0 0 auto", "manual 1 0 auto"])
    }

    @Test func theDaemonsRunsCarryTheSettingsAndAReloadAppliesToTheNextRun() throws {
        let fixture = try DaemonFixture(services: [.upower]) { driver in
            try driver.upowerSetDisplayDevice(percent: 80, state: 1)
            try driver.upowerSetOnBattery(false)
        }
        let job = try environmentJob(fixture, wait: true)
        try fixture.config(command: [job], daemon: settings(auto: false, skip: true))
        try fixture.cli.write(
            "home/policies/power.yaml",
            "battery: { min_percent: 40 }\npoll: 1h\nwhile_running:\n  battery: { min_percent: 30 }\n  grace: 5s\n"
        )
        #expect(try fixture.run("daemon", "--policy", "power").status == 0)
        try fixture.waitFor("the first run") { lines(fixture).count == 1 }
        let pid = try #require(fixture.daemonPid)

        try fixture.driver.upowerSetDisplayDevice(percent: 20, state: 2)
        try fixture.driver.upowerSetOnBattery(true)
        try fixture.waitFor("the stop") { fixture.runs.first?.outcome == .stopped }
        try fixture.config(command: [job], daemon: settings(auto: true, skip: false))
        kill(pid, SIGHUP)
        try fixture.waitFor("the reload") { fixture.log.contains("Reloaded configuration") }
        try fixture.driver.upowerSetOnBattery(false)
        try fixture.waitFor("the run after the reload") { lines(fixture).count == 2 }
        #expect(lines(fixture) == ["daemon 0 1 auto", "daemon 1 0 auto"])
    }
}
