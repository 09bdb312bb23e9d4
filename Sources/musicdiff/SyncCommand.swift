import ArgumentParser
import Foundation
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
        let gate = try Self.gate(settings: settings, flag: policy, environment: environment)
        let lock = try SyncLock.acquire(at: home.syncLock)
        defer { lock.release() }
        let store = try StateStore.open(path: home.stateFile)
        if let resolved = gate, !force {
            let state = try StateReadings.read(store, historyLimit: 0)
            let decision = await environment.decideNow(resolved.policy, state: state)
            guard decision.shouldSync else {
                let blockers = decision.blockers.map(\.rawValue).joined(separator: ", ")
                throw CommandFailure(
                    message:
                        "not syncing: policy \(resolved.policy.name) is blocked by \(blockers) (see musicdiff why-not; --force runs anyway)"
                )
            }
        }
        let unsaved = UnsavedRuns(path: home.unsavedRuns)
        if let problem = unsaved.problem {
            FileHandle.standardError.write(Data("musicdiff: warning: \(problem)\n".utf8))
        }
        unsaved.flush { _ = try store.save($0) }
        try store.interruptStaleRuns(
            at: Date(),
            reason: "the daemon or sync command that ran it stopped before the job finished"
        )
        let trigger: SyncRun.Trigger = force ? .forced : .manual
        var run = SyncRun(startedAt: Date(), trigger: trigger, outcome: .running)
        run.id = try store.save(run)
        let engine = CommandSyncEngine(config: settings.config.sync) ?? CommandSyncEngine(command: [])
        var request = SyncRequest(trigger: trigger, settings: settings.config.daemon, lock: lock)
        request.onOutput = ManualRunLog.liveEcho
        let result = await Self.runStoppable(engine, request)
        run.endedAt = Date()
        run.apply(result)
        do {
            try store.save(run)
        } catch {
            unsaved.keep(run)
            FileHandle.standardError.write(
                Data(
                    "musicdiff: warning: \(error); the run is kept in \(home.unsavedRuns) and recorded later\n"
                        .utf8
                )
            )
        }
        for line in SyncLogLines.lines(for: result) { print(line.message) }
        let daemon = PidLock.daemonHolder(at: home.pidFile)
        ManualRunLog.record(result, trigger: trigger, home: home, daemonRunning: daemon != nil)
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

    /// Runs the job; SIGINT or SIGTERM stops it (SIGTERM, grace, SIGKILL) instead of leaving it behind.
    static func runStoppable(_ engine: some SyncEngine, _ request: SyncRequest) async -> SyncResult {
        let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm)
        return await withTaskGroup(of: SyncResult?.self) { group in
            group.addTask { await engine.sync(request) }
            group.addTask {
                for await _ in signals { return nil }
                return nil
            }
            var result: SyncResult?
            while result == nil, let next = await group.next() {
                if let next { result = next } else { group.cancelAll() }
            }
            group.cancelAll()
            return result ?? SyncResult(outcome: .interrupted)
        }
    }
}
