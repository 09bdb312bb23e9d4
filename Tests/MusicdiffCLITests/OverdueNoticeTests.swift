import Foundation
import MusicdiffCore
import MusicdiffDaemon
import MusicdiffTestSupport
import Testing

/// The overdue alert (`daemon.notify_overdue`) from the built binary: a store whose last
/// success was 4 days and 2 hours ago, a job that fails, and the alert arrives once as a real
/// D-Bus notification (python-dbusmock's notification server) and once by e-mail (aiosmtpd);
/// `why-not` shows the same line, and `--json` has it.
@Suite struct OverdueNoticeTests {
    static let start = "No sync has succeeded for 4d 2h"

    @Test func theDaemonSendsTheAlertOnceByDesktopAndEmailAndWhyNotShowsIt() throws {
        let server = try SMTPServer()
        let bus = try MockBus(kind: .session)
        let desktop = try NotificationServer(bus: bus)
        let fixture = try DaemonFixture()
        let session = ["DBUS_SESSION_BUS_ADDRESS": bus.address]
        try fixture.config(
            command: [try fixture.script("fail.sh", "exit 1")],
            daemon: """
                  notify_overdue: 3d
                  notification_method: both
                  email: { smtp_server: 127.0.0.1, port: \(server.port), username: musicdiff@example.com, to: me@example.com }

                """
        )
        let ended = Date().addingTimeInterval(-(4 * 86_400 + 2 * 3600))
        try Self.seed(fixture.home.stateFile, lastSuccess: ended)
        try fixture.cli.write("home/policies/gap.yaml", "min_gap: 1h\n")
        let daemon = try fixture.cli.runner.run(
            ["daemon", "--interval", "3600", "--smart", "--policy", "gap"],
            extraEnvironment: session
        )
        #expect(daemon.status == 0, "\(daemon.stderr)")
        try fixture.waitFor("the overdue e-mail") { !server.messages.isEmpty }
        try fixture.waitFor("the desktop alert") { try !desktop.notifications().isEmpty }
        try fixture.waitFor("the failed run") { fixture.runs.contains { $0.outcome == .failed } }
        // One more input for the loop (a manual run, told by SIGUSR1): the alert is not sent again.
        _ = try fixture.cli.runner.run(["sync"], extraEnvironment: session)
        try fixture.waitFor("the daemon to take the manual run") {
            fixture.log.contains("A manual sync ran outside the daemon")
        }
        #expect(server.messages.count == 1)
        let message = try #require(server.messages.first)
        #expect(message.headers["Subject"] == "MusicDiff: no sync for a while")
        #expect(message.body.hasPrefix(Self.start), "\(message.body)")
        #expect(message.body.contains("Run 'musicdiff why-not' to see more."), "\(message.body)")
        let shown = try desktop.notifications()
        #expect(shown.map(\.summary) == ["MusicDiff: no sync for a while"])
        #expect(shown.first?.body.hasPrefix(Self.start) == true, "\(shown)")
        // The predicted window, from the moments recorded since: the line before the hint, in both.
        for body in [message.body, shown.first?.body ?? ""] {
            let lines = body.split(whereSeparator: \.isNewline)
            #expect(lines.count >= 3, "\(body)")
            let predicted = lines.dropLast().last.map(String.init) ?? ""
            #expect(predicted.hasPrefix("usually possible now, until "), "\(body)")
            #expect(predicted.hasSuffix(" days)") && predicted.contains(" of the last "), "\(body)")
        }
        try fixture.waitFor("the log line") {
            fixture.log.contains("Overdue alert sent by desktop notification")
        }

        let whyNot = try fixture.run("why-not")
        let line = whyNot.stdout.split(separator: "\n").first { $0.hasPrefix(Self.start) }
        #expect(line?.hasSuffix("Run 'musicdiff why-not' to see more.") == true, "\(whyNot.stdout)")
        let json = try fixture.cli.whyNotJSON()
        let overdue = try #require(json["overdue"] as? [String: Any], "\(json)")
        #expect((overdue["text"] as? String).map { String($0) } == line.map { String($0) })
        #expect((overdue["seconds"] as? Double ?? 0) >= 4 * 86_400 + 2 * 3600)
    }

    /// A sync command that has failed since the first day: no success to count from, so the
    /// alert counts from the first recorded run.
    @Test func aDaemonWhoseSyncsNeverSucceededCountsFromItsFirstRun() throws {
        let server = try SMTPServer()
        let fixture = try DaemonFixture()
        try fixture.config(
            command: [try fixture.script("fail.sh", "exit 1")],
            daemon: """
                  notify_overdue: 3d
                  notification_method: email
                  email: { smtp_server: 127.0.0.1, port: \(server.port), username: musicdiff@example.com, to: me@example.com }

                """
        )
        let first = Date().addingTimeInterval(-(4 * 86_400 + 2 * 3600))
        let store = try StateStore.open(path: fixture.home.stateFile)
        _ = try store.save(
            SyncRun(
                startedAt: first,
                endedAt: first.addingTimeInterval(5),
                trigger: .daemon,
                outcome: .failed
            )
        )
        #expect(try fixture.run("daemon", "--interval", "3600").status == 0)
        try fixture.waitFor("the overdue e-mail") { !server.messages.isEmpty }
        let body = try #require(server.messages.first?.body)
        #expect(body.hasPrefix(Self.start), "\(body)")
    }

    @Test func aFailedEmailSaysItWasTheOverdueAlert() async throws {
        let closed = try SilentListener(listening: false)
        var daemon = Config.Daemon()
        daemon.notificationMethod = .email
        daemon.email = Config.Email(smtpServer: "127.0.0.1", port: closed.port, username: "m@x")
        let results = await OverdueNotice.send(["No sync has succeeded for 4d 2h."], settings: daemon)
        #expect(results.map(\.ok) == [false])
        let text = results.first?.text ?? ""
        #expect(
            text.hasPrefix(
                "Overdue alert failed: cannot send the overdue alert e-mail via 127.0.0.1:\(closed.port): "
            ),
            "\(text)"
        )
    }

    /// A store whose last success ended at `lastSuccess`, and a recorded moment each half hour
    /// since on which the policy passed (the job failed), enough days for a prediction.
    static func seed(_ path: String, lastSuccess ended: Date) throws {
        let store = try StateStore.open(path: path)
        _ = try store.save(
            SyncRun(
                startedAt: ended.addingTimeInterval(-60),
                endedAt: ended,
                trigger: .daemon,
                outcome: .success
            )
        )
        for at in stride(from: ended.addingTimeInterval(60), to: Date(), by: 1800) {
            try store.record(
                RecordedMoment(at: at, kind: .decision, policy: "gap", wouldSync: true, readings: .testing())
            )
        }
    }
}
