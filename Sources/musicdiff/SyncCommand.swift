import ArgumentParser
import Foundation
import Logging
import MusicdiffCore
import MusicdiffDaemon
import UnixSignals

/// `musicdiff sync [--force]`: runs the sync job once now, through the daemon's gate.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Run the sync job once now, through the smart gate if the daemon uses one.",
        discussion:
            "The run is recorded in the daemon's history. Ctrl-C stops the job and records it as interrupted."
    )

    @Flag(help: "Run even if the policy says not now.")
    var force = false

    @Option(
        help: "With no daemon running, gate with this policy (a name or YAML file) instead of config.yaml's.",
        completion: PolicyCompletion.kind
    )
    var policy: String?

    func run() async throws {
        let environment = Environment()
        let home = environment.home
        let options = DaemonOptions(policy: policy.map(environment.absolutePolicy))
        let settings = try DaemonSettings.load(options: options, home: home)
        try home.create()
        var gated = settings
        gated.policy = try Self.gate(settings: settings, flag: policy, environment: environment)
        let lock = try SyncLock.acquire(at: home.syncLock)
        defer { lock.release() }
        let store = try StateStore.open(path: home.stateFile)
        let unsaved = UnsavedRuns(path: home.unsavedRuns)
        if let problem = unsaved.problem {
            FileHandle.standardError.write(Data("musicdiff: warning: \(problem)\n".utf8))
        }
        unsaved.flush { _ = try store.save($0) }
        // The daemon's own machine gates, watches and records the run (see DaemonLoop.runOnce).
        var parts = Self.parts(home: home, options: options, store: store)
        parts.onJobOutput = ManualRunLog.liveEcho
        let loop = DaemonLoop(parts: parts, settings: gated)
        let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm)
        let stopper = Task {
            for await _ in signals { loop.stopOnce() }
        }
        defer { stopper.cancel() }
        let result: SyncResult
        switch await loop.runOnce(force: force, trigger: force ? .forced : .manual, lock: lock) {
        case .blocked(let decision):
            let blockers = decision.blockers.map(\.rawValue).joined(separator: ", ")
            throw CommandFailure(
                message:
                    "not syncing: policy \(decision.policy) is blocked by \(blockers) (see musicdiff why-not; --force runs anyway)"
            )
        case .paused(let pause):
            throw CommandFailure(
                message:
                    "not syncing: paused \(pause.untilWords(now: Date())) (musicdiff resume ends it; --force runs anyway)"
            )
        case .ran(let ran):
            result = ran
        }
        if !unsaved.isEmpty {
            FileHandle.standardError.write(
                Data("musicdiff: warning: the run is kept in \(home.unsavedRuns) and recorded later\n".utf8)
            )
        }
        for line in SyncLogLines.lines(for: result) { print(line.message) }
        let daemon = PidLock.daemonHolder(at: home.pidFile)
        ManualRunLog.record(
            result,
            trigger: force ? .forced : .manual,
            home: home,
            daemonRunning: daemon != nil
        )
        // The daemon learns of the run: it logs it and counts its interval from it.
        if let daemon { kill(daemon, SIGUSR1) }
        let notified = await ConflictNotifiers.announceOnce(
            result,
            settings: settings.config.daemon,
            store: store,
            now: Date()
        )
        for report in notified.reports {
            if let error = report.error {
                FileHandle.standardError.write(Data("musicdiff: warning: \(error)\n".utf8))
            } else {
                print(report)
            }
        }
        if !notified.quiet.isEmpty { print(ConflictMessage.quietLine(notified.quiet.count)) }
        if !result.outcome.isSuccess { throw ExitCode(1) }
    }

    /// The policy that gates the run: the running daemon's, whatever `--policy` says (none
    /// when it is not in smart mode); with no daemon running, `--policy` or the config's.
    static func gate(
        settings: DaemonSettings,
        flag: String?,
        environment: Environment
    ) throws -> PolicyResolver.Resolved? {
        let home = environment.home
        guard PidLock.daemonHolder(at: home.pidFile) != nil else { return settings.policy }
        let running = try DaemonStatus.runningPolicy(home: home).map { try environment.resolver.resolve($0) }
        if let flag,
            try environment.resolver.resolve(environment.absolutePolicy(flag)).policy != running?.policy
        {
            let what = running.map { "gates with policy \($0.policy.name)" } ?? "is not in smart mode"
            FileHandle.standardError.write(
                Data(
                    "musicdiff: warning: the running daemon \(what); --policy is used only when no daemon runs\n"
                        .utf8
                )
            )
        }
        return running
    }

    /// What the daemon's loop needs to drive one run for this command (``DaemonLoop/Parts/real(home:options:store:logger:)``);
    /// its log lines go to standard error from warnings on.
    static func parts(home: MusicdiffHome, options: DaemonOptions, store: StateStore) -> DaemonLoop.Parts {
        var logger = Logger(label: "musicdiff.sync") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .warning
        return DaemonLoop.Parts.real(home: home, options: options, store: store, logger: logger)
    }
}
