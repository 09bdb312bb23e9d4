import Foundation
import MusicdiffCore
import MusicdiffDaemon
import MusicdiffTestSupport
import Testing

/// Conflict notifications for real: the desktop's through GDBus to python-dbusmock's
/// notification server on a private session bus, the e-mail through libcurl to aiosmtpd on
/// loopback, and both from the built binary after a sync that reports conflicts.
@Suite struct NotificationTests {
    static let conflicts = [
        SyncRun.Conflict(entityType: "track", entityId: "42"),
        SyncRun.Conflict(entityType: "playlist", entityId: "Rock & Roll <live>"),
    ]
    static let list = "  • track: 42\n  • playlist: Rock & Roll <live>"
    static let hint = "Run 'musicdiff conflicts' to see them all."

    static func email(_ server: SMTPServer, password: String? = nil, to: String? = nil) -> Config.Email {
        Config.Email(
            smtpServer: "127.0.0.1",
            port: server.port,
            username: "musicdiff@example.com",
            password: password,
            to: to
        )
    }

    /// Runs `body`, expecting a `DaemonError`; returns its text and how long it took.
    static func failure(_ body: () async throws -> Void) async -> (String, Duration) {
        let start = ContinuousClock.now
        do {
            try await body()
            return ("no error", ContinuousClock.now - start)
        } catch {
            return (
                (error as? DaemonError)?.description ?? "not a DaemonError: \(error)",
                ContinuousClock.now - start
            )
        }
    }

    // MARK: Desktop

    @Test func theNotificationServerGetsTheAppNameSummaryAndEscapedBody() async throws {
        let bus = try MockBus(kind: .session)
        let server = try NotificationServer(bus: bus)
        try await DesktopNotifier(address: bus.address).notify(conflicts: Self.conflicts)
        let shown = try server.notifications()
        #expect(shown.count == 1)
        #expect(shown.first?.appName == "musicdiff")
        #expect(shown.first?.summary == "MusicDiff: 2 conflicts")
        #expect(
            shown.first?.body == "  • track: 42\n  • playlist: Rock &amp; Roll &lt;live&gt;\n\n" + Self.hint
        )
        #expect(shown.first?.expireTimeout == -1)
    }

    @Test func aServerWithoutMarkupGetsThePlainText() async throws {
        let bus = try MockBus(kind: .session)
        let server = try NotificationServer(bus: bus, capabilities: ["body"])
        try await DesktopNotifier(address: bus.address).notify(conflicts: Self.conflicts)
        #expect(try server.notifications().map(\.body) == [Self.list + "\n\n" + Self.hint])
    }

    @Test func noNotificationServerIsAOneLineError() async throws {
        let bus = try MockBus(kind: .session)
        let (error, _) = await Self.failure {
            try await DesktopNotifier(address: bus.address).notify(conflicts: Self.conflicts)
        }
        #expect(
            error.hasPrefix(
                "cannot show the desktop notification: no notification server runs on the session bus ("
            )
        )
        #expect(error.contains("org.freedesktop.Notifications"))
    }

    @Test func noSessionBusIsAOneLineError() async throws {
        let notifier = DesktopNotifier(address: "unix:path=/nonexistent/bus")
        let (error, _) = await Self.failure { try await notifier.notify(conflicts: Self.conflicts) }
        #expect(
            error.hasPrefix(
                "cannot show the desktop notification: cannot connect to the session bus at unix:path=/nonexistent/bus: "
            )
        )
        #expect(!error.contains("\n"))
    }

    @Test func aBusThatNeverAnswersIsGivenUpOnTime() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "musicdiff-silent-\(UUID()).sock"
        ).path
        let silent = try SilentListener(unixPath: path)
        let notifier = DesktopNotifier(address: "unix:path=\(silent.path)", timeout: .milliseconds(500))
        let (error, _) = await Self.failure { try await notifier.notify(conflicts: Self.conflicts) }
        #expect(
            error
                == "cannot show the desktop notification: the session bus at unix:path=\(path) did not answer within 500 ms"
        )
        // The message shows that its own 500 ms timer fired; how long that took on a loaded
        // machine is no test's business (it was 74 s once, with five builds beside it).
    }

    // MARK: E-mail

    @Test func theEmailArrivesWithTheSubjectRecipientsAndBody() async throws {
        let server = try SMTPServer()
        let notifier = EmailNotifier(settings: Self.email(server, to: "me@example.com, you@example.org"))
        try await notifier.notify(conflicts: Self.conflicts)
        let message = try #require(server.messages.first)
        #expect(server.messages.count == 1)
        #expect(message.mailFrom == "musicdiff@example.com")
        #expect(message.recipients == ["me@example.com", "you@example.org"])
        #expect(message.login == nil)
        let headers = message.headers
        #expect(headers["Subject"] == "MusicDiff: 2 conflicts detected")
        #expect(headers["From"] == "MusicDiff <musicdiff@example.com>")
        #expect(headers["To"] == "me@example.com, you@example.org")
        #expect(headers["Content-Type"] == "text/plain; charset=utf-8")
        #expect(headers["Content-Transfer-Encoding"] == "quoted-printable")
        #expect(headers["Message-ID"]?.hasSuffix("@example.com>") == true)
        #expect(headers["Date"] != nil && headers["MIME-Version"] == "1.0")
        #expect(
            message.body == "MusicDiff detected 2 conflicts during sync:\n\n\(Self.list)\n\n\(Self.hint)\n"
        )
    }

    @Test func anIdOfOneCharacterWithThousandsOfMarksCannotBlockTheEmail() async throws {
        let server = try SMTPServer()
        let heavy = "e" + String(repeating: "\u{301}", count: 3000)
        let conflicts = [SyncRun.Conflict(entityType: "track", entityId: heavy)] + Self.conflicts
        try await EmailNotifier(settings: Self.email(server)).notify(conflicts: conflicts)
        let message = try #require(server.messages.first)
        let longest = message.wireBody.components(separatedBy: "\r\n").map(\.utf8.count).max() ?? 0
        #expect(longest <= 998, "RFC 5322's line limit")
        #expect(
            message.body.range(of: "  • track: e\u{301}\u{301}", options: .literal) != nil,
            "shown, shortened"
        )
        #expect(message.body.contains(Self.list), "the other conflicts are announced too")
    }

    @Test func theNotifierLogsInAndAWrongPasswordIsAClearError() async throws {
        let server = try SMTPServer(users: ["musicdiff@example.com": "secret"])
        try await EmailNotifier(settings: Self.email(server, password: "secret")).notify(
            conflicts: Self.conflicts
        )
        #expect(server.messages.map(\.login) == ["musicdiff@example.com"])
        let wrong = EmailNotifier(settings: Self.email(server, password: "guess"))
        let (error, _) = await Self.failure { try await wrong.notify(conflicts: Self.conflicts) }
        #expect(error.hasPrefix("cannot send the conflict e-mail via 127.0.0.1:\(server.port): Login denied"))
        #expect(error.hasSuffix("; check daemon.email.username and daemon.email.password in config.yaml"))
        #expect(server.messages.count == 1)
    }

    @Test func aRefusedConnectionAndASilentServerAreOneLineErrorsOnTime() async throws {
        let closed = try SilentListener(listening: false)
        let refused = EmailNotifier(
            settings: Config.Email(smtpServer: "127.0.0.1", port: closed.port, username: "m@x")
        )
        let (error, _) = await Self.failure { try await refused.notify(conflicts: Self.conflicts) }
        #expect(error.hasPrefix("cannot send the conflict e-mail via 127.0.0.1:\(closed.port): "))
        #expect(error.contains("Couldn't connect to server"))
        let silent = try SilentListener()
        let hanging = EmailNotifier(
            settings: Config.Email(smtpServer: "127.0.0.1", port: silent.port, username: "m@x"),
            timeout: .seconds(1)
        )
        let (timeout, took) = await Self.failure { try await hanging.notify(conflicts: Self.conflicts) }
        #expect(
            timeout.hasPrefix(
                "cannot send the conflict e-mail via 127.0.0.1:\(silent.port): Timeout was reached"
            )
        )
        #expect(took < .seconds(60), "it gives up, on its own timer, well before the test would")
    }

    // MARK: The binary

    /// A job that prints `summary` (by default 3 changes and the two conflicts), notifying by `method`.
    static func configure(
        _ fixture: DaemonFixture,
        method: String,
        port: Int,
        summary: String = """
        echo '{"changes_applied": 3, "failed_changes": 0, "conflicts": [{"entity_type": "track", "entity_id": "42"}, \
        {"entity_type": "playlist", "entity_id": "Rock & Roll <live>"}]}'
        """
    ) throws {
        let job = try fixture.script("conflicts.sh", summary)
        try fixture.config(
            command: [job],
            daemon: """
                  notify_on_conflicts: true
                  notification_method: \(method)
                  email: { smtp_server: 127.0.0.1, port: \(port), username: musicdiff@example.com, to: me@example.com }

                """
        )
    }

    @Test func theDaemonMailsTheConflictsOfItsSync() throws {
        let server = try SMTPServer()
        let fixture = try DaemonFixture()
        try Self.configure(fixture, method: "email", port: server.port)
        let start = try fixture.run("daemon", "--interval", "3600")
        #expect(start.status == 0, "\(start.stderr)")
        try fixture.waitFor("the conflict e-mail") { !server.messages.isEmpty }
        let message = try #require(server.messages.first)
        #expect(message.recipients == ["me@example.com"])
        #expect(message.headers["Subject"] == "MusicDiff: 2 conflicts detected")
        #expect(message.body.contains(Self.list))
        try fixture.waitFor("the log line") {
            fixture.log.contains(
                " - INFO - Conflicts notified by e-mail to me@example.com via 127.0.0.1:\(server.port)"
            )
        }
        #expect(fixture.runs.first?.conflicts.count == 2)
        // The log's hint names the command that lists them (there is no `musicdiff resolve`).
        #expect(
            fixture.log.contains(" - WARNING - 2 conflicts detected (run 'musicdiff conflicts')"),
            "\(fixture.log)"
        )
        #expect(!fixture.log.contains("musicdiff resolve"))
        #expect(message.body.contains("Run 'musicdiff conflicts' to see them all."), "\(message.body)")
    }

    @Test func aManualSyncNotifiesByBothMethods() throws {
        let server = try SMTPServer()
        let bus = try MockBus(kind: .session)
        let desktop = try NotificationServer(bus: bus)
        let fixture = try DaemonFixture()
        try Self.configure(fixture, method: "both", port: server.port)
        let sync = try fixture.cli.runner.run(
            ["sync"],
            extraEnvironment: ["DBUS_SESSION_BUS_ADDRESS": bus.address]
        )
        #expect(sync.status == 0, "\(sync.stderr)")
        #expect(
            sync.stdout == """
                Sync completed: 3 changes
                2 conflicts detected (run 'musicdiff conflicts')
                Conflicts notified by desktop notification
                Conflicts notified by e-mail to me@example.com via 127.0.0.1:\(server.port)

                """
        )
        #expect(server.messages.map { $0.headers["Subject"] } == ["MusicDiff: 2 conflicts detected"])
        #expect(try desktop.notifications().map(\.summary) == ["MusicDiff: 2 conflicts"])
    }

    @Test func aManualSyncWhoseNotificationFailsStillSucceeds() throws {
        let closed = try SilentListener(listening: false)
        let fixture = try DaemonFixture()
        try Self.configure(fixture, method: "email", port: closed.port)
        let sync = try fixture.run("sync")
        #expect(sync.status == 0)
        #expect(
            sync.stderr.hasPrefix(
                "musicdiff: warning: cannot send the conflict e-mail via 127.0.0.1:\(closed.port): "
            )
        )
        #expect(sync.stderr.split(separator: "\n").count == 1)
        #expect(fixture.runs.first?.outcome == .success)
    }
}
