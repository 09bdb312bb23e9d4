import Foundation
import MusicdiffDaemon
import MusicdiffTestSupport
import Testing

/// `while_running.keep_awake` through the real binary, against python-dbusmock's logind: the
/// block lock on idle is held for the job's life, and released when it ends or is stopped.
@Suite struct KeepAwakeTests {
    static let idleBlock = LogindInhibitor(
        what: "idle",
        who: "musicdiff",
        why: "a sync is running",
        mode: "block"
    )

    func start(_ fixture: DaemonFixture, keepAwake: Bool) throws {
        try fixture.config(command: [fixture.spanningJob()])
        try fixture.cli.write(
            "home/policies/awake.yaml",
            "poll: 1h\nsettle: 10m\nwhile_running:\n  keep_awake: \(keepAwake)\n  grace: 10s\n"
        )
        #expect(try fixture.run("daemon", "--policy", "awake").status == 0)
        try fixture.waitFor("the job") { fixture.spans.count == 1 }
    }

    @Test func theIdleLockIsHeldWhileTheJobRunsAndReleasedWhenItEnds() throws {
        let fixture = try DaemonFixture(services: [.logind])
        func held() throws -> Bool { try fixture.driver.logindInhibitors().contains(Self.idleBlock) }
        #expect(try !held())
        try start(fixture, keepAwake: true)
        try fixture.waitFor("the idle lock while the job runs") { try held() }

        try fixture.cli.write("go", "")
        try fixture.waitFor("the run's end") { fixture.runs.first?.outcome == .success }
        try fixture.waitFor("the idle lock to be released once the job has ended") { try !held() }
    }

    @Test func theIdleLockIsReleasedWhenTheJobIsStopped() throws {
        let fixture = try DaemonFixture(services: [.logind])
        func held() throws -> Bool { try fixture.driver.logindInhibitors().contains(Self.idleBlock) }
        try start(fixture, keepAwake: true)
        try fixture.waitFor("the idle lock while the job runs") { try held() }

        try fixture.driver.logindEmitPrepareForSleep(true)
        try fixture.waitFor("the stop") { fixture.runs.first?.outcome == .stopped }
        try fixture.waitFor("the idle lock to be released once the job is gone") { try !held() }
        #expect(fixture.daemonPid != nil, "the daemon still runs: the lock went with the job")
    }

    @Test func withoutKeepAwakeNoIdleLockIsTaken() throws {
        let fixture = try DaemonFixture(services: [.logind])
        try start(fixture, keepAwake: false)
        // The sleep delay lock is taken at the same start: once it is held, an idle lock would be too.
        try fixture.waitFor("the sleep delay lock") {
            try fixture.driver.logindInhibitors().contains { $0.what == "sleep" && $0.who == "musicdiff" }
        }
        #expect(try !fixture.driver.logindInhibitors().contains { $0.what == "idle" })
    }
}
