import Foundation
import MusicdiffCore
import MusicdiffDaemon
import MusicdiffTestSupport
import Testing

/// Notifications without spam, from the built binary: aiosmtpd on loopback and
/// python-dbusmock's notification server receive a conflict once across runs.
@Suite struct NotificationDedupTests {
    /// A job whose summary line lists the conflicts in `conflicts.json` beside it.
    static func configure(_ fixture: DaemonFixture, method: String, port: Int) throws {
        try NotificationTests.configure(
            fixture,
            method: method,
            port: port,
            summary: "printf '{\"changes_applied\": 1, \"failed_changes\": 0, \"conflicts\": %s}\\n'"
                + " \"$(cat '\(fixture.cli.root)/conflicts.json')\""
        )
    }

    static func report(_ fixture: DaemonFixture, _ ids: [String]) throws {
        let list = ids.map { "{\"entity_type\": \"track\", \"entity_id\": \"\($0)\"}" }.joined(
            separator: ", "
        )
        try fixture.cli.write("conflicts.json", "[\(list)]")
    }

    @Test func aConflictIsAnnouncedOnceAcrossManualSyncsAndAgainOnceResolvedAndBack() throws {
        let server = try SMTPServer()
        let bus = try MockBus(kind: .session)
        let desktop = try NotificationServer(bus: bus)
        let fixture = try DaemonFixture()
        try Self.configure(fixture, method: "both", port: server.port)
        func sync() throws -> MusicdiffProcess.Result {
            let result = try fixture.cli.runner.run(
                ["sync"],
                extraEnvironment: ["DBUS_SESSION_BUS_ADDRESS": bus.address]
            )
            #expect(result.status == 0, "\(result.stderr)")
            return result
        }
        try Self.report(fixture, ["42", "43"])
        _ = try sync()
        let again = try sync()
        #expect(
            again.stdout == """
                Sync completed: 1 change
                2 conflicts detected (run 'musicdiff conflicts')
                2 conflicts announced already, not again (until resolved or 24 h have passed)

                """
        )
        try Self.report(fixture, ["43", "44"])
        _ = try sync()
        try Self.report(fixture, ["42", "43", "44"])
        _ = try sync()
        #expect(
            server.messages.map { $0.headers["Subject"] } == [
                "MusicDiff: 2 conflicts detected", "MusicDiff: 1 conflict detected",
                "MusicDiff: 1 conflict detected",
            ]
        )
        #expect(server.messages.last?.body.contains("  • track: 42\n") == true, "resolved, then back")
        #expect(server.messages[1].body.contains("  • track: 44\n"), "only the new one")
        #expect(try desktop.notifications().count == 3, "the desktop's the same")
    }

    @Test func theDaemonsAnnouncementHoldsForALaterRunAndItsLogListsEveryConflict() throws {
        let server = try SMTPServer()
        let fixture = try DaemonFixture()
        try Self.configure(fixture, method: "email", port: server.port)
        try Self.report(fixture, ["42"])
        let start = try fixture.run("daemon", "--interval", "3600")
        #expect(start.status == 0, "\(start.stderr)")
        try fixture.waitFor("the conflict e-mail", timeout: .seconds(60)) { !server.messages.isEmpty }
        try fixture.waitFor("the log line", timeout: .seconds(60)) {
            fixture.log.contains("Conflicts notified by")
        }
        let sync = try fixture.run("sync")
        #expect(sync.status == 0, "\(sync.stderr)")
        #expect(sync.stdout.contains("1 conflict announced already, not again"))
        #expect(server.messages.count == 1)
        #expect(fixture.log.contains(" - INFO - Conflicts: track: 42\n"))
    }
}
