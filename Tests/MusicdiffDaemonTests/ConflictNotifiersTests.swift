import Foundation
import Logging
import MusicdiffCore
import Synchronization
import Testing

@testable import MusicdiffDaemon

/// After a run with conflicts, the configured notifiers run; a failing one is a warning.
@Suite struct ConflictNotifiersTests {
    /// A notifier that records what it was asked, and fails with `error` when given one.
    final class Recorder: ConflictNotifier, CustomStringConvertible {
        let calls = Mutex<[[SyncRun.Conflict]]>([])
        let error: DaemonError?
        let description: String

        init(_ name: String, failing error: DaemonError? = nil) {
            description = name
            self.error = error
        }

        func notify(conflicts: [SyncRun.Conflict]) async throws(DaemonError) {
            calls.withLock { $0.append(conflicts) }
            if let error { throw error }
        }
    }

    static let conflicts = [SyncRun.Conflict(entityType: "track", entityId: "42")]

    static func settings(notify: Bool, method: Config.NotificationMethod = .desktop) -> Config.Daemon {
        var daemon = Config.Daemon()
        daemon.notifyOnConflicts = notify
        daemon.notificationMethod = method
        daemon.email = Config.Email(smtpServer: "smtp.example.com", username: "me@example.com")
        return daemon
    }

    @Test(arguments: [
        (Config.NotificationMethod.desktop, ["desktop notification"]),
        (.email, ["e-mail to me@example.com via smtp.example.com:465"]),
        (.both, ["desktop notification", "e-mail to me@example.com via smtp.example.com:465"]),
    ])
    func theMethodPicksTheNotifiers(method: Config.NotificationMethod, expected: [String]) {
        let notifiers = ConflictNotifiers.make(for: Self.settings(notify: true, method: method))
        #expect(notifiers.map { String(describing: $0) } == expected)
    }

    @Test func nothingIsSentWhenNotificationsAreOffOrThereAreNoConflicts() async {
        let recorder = Recorder("fake")
        let withConflicts = SyncResult(outcome: .success, conflicts: Self.conflicts)
        #expect(
            await ConflictNotifiers.announce(withConflicts, settings: Self.settings(notify: false)) { _ in
                [recorder]
            }.isEmpty
        )
        #expect(
            await ConflictNotifiers.announce(
                SyncResult(outcome: .success),
                settings: Self.settings(notify: true)
            ) { _ in [recorder] }.isEmpty
        )
        #expect(recorder.calls.withLock { $0 }.isEmpty)
    }

    @Test func everyNotifierRunsAndEachFailureIsReportedAlone() async {
        let failing = Recorder(
            "e-mail",
            failing: .notification("cannot send the conflict e-mail via h:465", "Login denied")
        )
        let working = Recorder("desktop")
        let result = SyncResult(outcome: .partial, conflicts: Self.conflicts)
        let reports = await ConflictNotifiers.announce(result, settings: Self.settings(notify: true)) { _ in
            [failing, working]
        }
        #expect(
            reports.map(\.description) == [
                "Conflict notification failed: cannot send the conflict e-mail via h:465: Login denied",
                "Conflicts notified by desktop",
            ]
        )
        #expect(working.calls.withLock { $0 } == [Self.conflicts])
        #expect(failing.calls.withLock { $0 } == [Self.conflicts])
    }

    @Test func theDaemonNotifiesAfterLoggingTheRunAndAFailureIsOnlyAWarning() async throws {
        let folder = try ScratchFolder("musicdiff-notify")
        let home = MusicdiffHome(path: folder.path)
        try home.create()
        let lines = LogLines()
        let failing = Recorder(
            "e-mail",
            failing: .notification("cannot send the conflict e-mail via h:465", "Login denied")
        )
        let daemon = Self.settings(notify: true, method: .both)
        var config = Config()
        config.daemon = daemon
        var parts = DaemonLoop.Parts(
            home: home,
            options: DaemonOptions(),
            store: try StateStore.open(path: home.stateFile),
            clock: SystemWallClock(),
            logger: Logger(label: "test") { _ in lines },
            makeEngine: { _ in
                FixedEngine(
                    result: SyncResult(outcome: .success, changesApplied: 1, conflicts: Self.conflicts)
                )
            },
            makeSensors: { fatalError("interval mode needs no sensors") }
        )
        let seen = Mutex<Config.Daemon?>(nil)
        parts.makeNotifiers = { settings in
            seen.withLock { $0 = settings }
            return [failing]
        }
        let settings = DaemonSettings(
            config: config,
            plan: SchedulePlan(schedule: .interval(.seconds(3_600)), timeZone: .current),
            cronText: nil,
            policy: nil
        )
        let events = LoopEvents()
        parts.onEvent = { events.record($0) }
        let loop = DaemonLoop(parts: parts, settings: settings)
        let task = onLoopExecutor { await loop.loop() }
        defer { task.cancel() }
        #expect(await events.wait { $0 == .syncEnded(.success) })
        #expect(
            await eventually {
                lines.messages.contains { $0.hasPrefix("WARNING Conflict notification failed") }
            }
        )
        #expect(seen.withLock { $0 } == daemon)
        let messages = lines.messages.filter { !$0.contains("started") && !$0.hasPrefix("INFO Next sync") }
        #expect(
            Array(messages.suffix(4)) == [
                "INFO Sync completed: 1 change",
                "WARNING 1 conflict detected (run 'musicdiff conflicts')",
                "INFO Conflicts: track: 42",
                "WARNING Conflict notification failed: cannot send the conflict e-mail via h:465: Login denied",
            ]
        )
    }
}

/// A sync job that always reports `result`.
struct FixedEngine: SyncEngine {
    let result: SyncResult
    func sync(_ request: SyncRequest) async -> SyncResult { result }
}

/// A log handler that keeps `LEVEL message` lines in memory.
final class LogLines: LogHandler, @unchecked Sendable {
    private let lines = Mutex<[String]>([])
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    var messages: [String] { lines.withLock { $0 } }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        lines.withLock { $0.append("\(event.level.rawValue.uppercased()) \(event.message)") }
    }
}
