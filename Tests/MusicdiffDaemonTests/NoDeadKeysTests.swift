import Foundation
import MusicdiffCore
import Synchronization
import Testing

@testable import MusicdiffDaemon

/// No key is accepted and then ignored: every key `config.yaml` and policies accept is listed
/// here with two values and where the difference shows (the job's environment, the
/// schedule, the notifiers, a decision, a stop...). A key the parsers accept that is not in
/// these tables fails the test, so the next key added cannot be forgotten.
@Suite struct NoDeadKeysTests {
    /// A config key: the config text with one value and with the other.
    struct ConfigCase: Sendable {
        var a: String
        var b: String
        var shows: String
    }

    static let email =
        "  notification_method: email\n  notify_on_conflicts: true\n"
    static func mail(_ lines: String) -> String {
        email + "  email:\n    smtp_server: smtp.example.com\n    port: 465\n    username: me@example.com\n"
            + "    to: me@example.com\n" + lines
    }

    static let config: [String: ConfigCase] = [
        "daemon.enabled": .init(
            a: "daemon:\n  enabled: true\n",
            b: "daemon:\n  enabled: false\n",
            shows: "daemon refuses to start"
        ),
        "daemon.interval": .init(
            a: "daemon:\n  interval: 6h\n",
            b: "daemon:\n  interval: 2h\n",
            shows: "schedule"
        ),
        "daemon.schedule": .init(
            a: "daemon:\n  schedule: \"0 2 * * *\"\n",
            b: "daemon:\n  schedule: \"0 3 * * *\"\n",
            shows: "schedule"
        ),
        "daemon.smart": .init(a: "daemon:\n  smart: false\n", b: "daemon:\n  smart: true\n", shows: "mode"),
        "daemon.policy": .init(
            a: "daemon:\n  smart: true\n  policy: laptop\n",
            b: "daemon:\n  smart: true\n  policy: server\n",
            shows: "policy"
        ),
        "daemon.jitter": .init(
            a: "daemon:\n  jitter: 0s\n",
            b: "daemon:\n  jitter: 10m\n",
            shows: "due times"
        ),
        "daemon.auto_accept_non_conflicts": .init(
            a: "daemon:\n  auto_accept_non_conflicts: true\n",
            b: "daemon:\n  auto_accept_non_conflicts: false\n",
            shows: "MUSICDIFF_AUTO_ACCEPT_NON_CONFLICTS"
        ),
        "daemon.skip_conflicts": .init(
            a: "daemon:\n  skip_conflicts: true\n",
            b: "daemon:\n  skip_conflicts: false\n",
            shows: "MUSICDIFF_SKIP_CONFLICTS"
        ),
        "daemon.notify_on_conflicts": .init(
            a: "daemon:\n  notify_on_conflicts: true\n",
            b: "daemon:\n  notify_on_conflicts: false\n",
            shows: "notifications sent"
        ),
        "daemon.notify_overdue": .init(
            a: "daemon:\n  notify_overdue: 3d\n",
            b: "daemon:\n  notify_overdue: 5d\n",
            shows: "the overdue alert"
        ),
        "daemon.notification_method": .init(
            a: "daemon:\n" + mail("").replacingOccurrences(of: "method: email", with: "method: desktop"),
            b: "daemon:\n" + mail("").replacingOccurrences(of: "method: email", with: "method: both"),
            shows: "notifiers"
        ),
        "daemon.email.smtp_server": .init(
            a: "daemon:\n" + mail(""),
            b: "daemon:\n" + mail("").replacingOccurrences(of: "smtp.example", with: "mail.example"),
            shows: "e-mail server"
        ),
        "daemon.email.port": .init(
            a: "daemon:\n" + mail(""),
            b: "daemon:\n" + mail("").replacingOccurrences(of: "465", with: "587"),
            shows: "e-mail server and TLS"
        ),
        "daemon.email.username": .init(
            a: "daemon:\n" + mail(""),
            b: "daemon:\n" + mail("").replacingOccurrences(of: "username: me@", with: "username: you@"),
            shows: "e-mail sender"
        ),
        "daemon.email.password": .init(
            a: "daemon:\n" + mail(""),
            b: "daemon:\n" + mail("    password: secret\n"),
            shows: "SMTP login"
        ),
        "daemon.email.to": .init(
            a: "daemon:\n" + mail(""),
            b: "daemon:\n" + mail("").replacingOccurrences(of: "to: me@", with: "to: them@"),
            shows: "e-mail recipients"
        ),
        "sync.command": .init(
            a: "sync:\n  command: [\"/bin/true\"]\n",
            b: "sync:\n  command: [\"/bin/false\"]\n",
            shows: "the job"
        ),
        "sync.timeout": .init(
            a: "sync:\n  command: [\"/bin/true\"]\n  timeout: 1h\n",
            b: "sync:\n  command: [\"/bin/true\"]\n  timeout: 2h\n",
            shows: "the job's timeout"
        ),
        "sync.grace": .init(
            a: "sync:\n  command: [\"/bin/true\"]\n  grace: 10s\n",
            b: "sync:\n  command: [\"/bin/true\"]\n  grace: 20s\n",
            shows: "the job's grace"
        ),
        "sync.nice": .init(
            a: "sync:\n  command: [\"/bin/true\"]\n  nice: 10\n",
            b: "sync:\n  command: [\"/bin/true\"]\n  nice: 15\n",
            shows: "the job's niceness"
        ),
        "sync.io_class": .init(
            a: "sync:\n  command: [\"/bin/true\"]\n  io_class: idle\n",
            b: "sync:\n  command: [\"/bin/true\"]\n  io_class: best-effort\n",
            shows: "the job's I/O class"
        ),
    ]

    /// What a config does, as the daemon's parts see it.
    static func effect(ofConfig text: String) async throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("musicdiff-keys-\(UUID())")
            .path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let home = MusicdiffHome(path: folder)
        try home.create()
        try Data(text.utf8).write(to: URL(fileURLWithPath: home.config))
        chmod(home.config, 0o600)
        var lines: [String] = []
        do {
            let settings = try DaemonSettings.load(options: DaemonOptions(), home: home)
            lines.append(
                "schedule: \(settings.summary), mode \(settings.mode), jitter \(settings.plan.jitter)"
            )
            lines.append("policy: \(settings.policy?.policy.name ?? "none")")
        } catch {
            lines.append("refused: \(error)")
        }
        let config = try ConfigLoader.load(home: home)
        lines.append(
            "job environment: \(SyncRequest(trigger: .daemon, settings: config.daemon).environment.sorted { $0.key < $1.key })"
        )
        if let engine = CommandSyncEngine(config: config.sync) {
            lines.append(
                "job: \(engine.command) timeout \(engine.timeout) grace \(engine.grace) \(String(describing: engine.priority))"
            )
        }
        for notifier in ConflictNotifiers.make(for: config.daemon) {
            if let email = notifier as? EmailNotifier {
                let message = EmailMessage(
                    from: email.settings.username,
                    to: email.recipients,
                    subject: "s",
                    body: "b"
                )
                lines.append(
                    "e-mail: \(email.url) \(email.security) login \(email.settings.password != nil) \(message.from) \(message.to)"
                )
            } else {
                lines.append("notifier: \(type(of: notifier))")
            }
        }
        let sent = Counter()
        _ = await ConflictNotifiers.announce(
            SyncResult(outcome: .success, conflicts: [.init(entityType: "track", entityId: "1")]),
            settings: config.daemon,
            make: { _ in [CountingNotifier(sent: sent)] }
        )
        lines.append("notifications sent: \(sent.value.withLock { $0 })")
        lines.append(
            "overdue alert after 4 days without a success: \(try overdue(config.daemon, home: home))"
        )
        return lines.joined(separator: "\n")
    }

    /// The overdue alert the daemon would send with its last success 4 days ago.
    static func overdue(_ daemon: Config.Daemon, home: MusicdiffHome) throws -> [String] {
        let store = try StateStore.open(path: home.stateFile)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let ended = now.addingTimeInterval(-4 * 86_400)
        _ = try store.save(SyncRun(startedAt: ended, endedAt: ended, trigger: .daemon, outcome: .success))
        let alert = OverdueNotice.due(daemon, store: store, deadline: nil, now: now)
        return alert.map { OverdueNotice.lines($0, now: now, timeZone: .gmt) } ?? []
    }

    @Test func everyConfigKeyIsInTheTable() {
        #expect(Set(AcceptedKeys.leaves(AcceptedKeys.config)) == Set(Self.config.keys))
    }

    @Test(arguments: Self.config.keys.sorted())
    func everyConfigKeyChangesWhatTheDaemonDoes(key: String) async throws {
        let entry = try #require(Self.config[key])
        let (a, b) = (try await Self.effect(ofConfig: entry.a), try await Self.effect(ofConfig: entry.b))
        #expect(a != b, "\(key) should change \(entry.shows):\n\(a)")
    }
}

/// A count shared between a test and what it hands out.
final class Counter: Sendable {
    let value = Mutex(0)
}

/// Counts the notifications it is asked to send.
struct CountingNotifier: ConflictNotifier {
    let sent: Counter
    var description: String { "counting" }
    func notify(conflicts: [SyncRun.Conflict]) async throws(DaemonError) { sent.value.withLock { $0 += 1 } }
}
