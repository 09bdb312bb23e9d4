import ArgumentParser
import Foundation
import MusicdiffCore
import MusicdiffDaemon

/// `musicdiff why-not`: evaluates the policy now, on the live machine, and explains every rule.
struct WhyNotCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "why-not",
        abstract: "Explain why a sync would or would not run now, rule by rule."
    )

    @Option(
        name: .long,
        help: "A policy name or YAML file (default: the running daemon's, else daemon.policy from config)."
    )
    var policy: String?

    @Flag(name: .long, help: "Print one JSON object instead of text.")
    var json = false

    @Option(name: .long, help: "How many of the daemon's recent ticks to show.")
    var history = 20

    func validate() throws {
        guard history >= 0 else { throw ValidationError("--history must be 0 or more") }
    }

    func run() async throws {
        let environment = Environment()
        // A running daemon in interval or cron mode syncs on its schedule alone: say so, and
        // explain a policy only when asked for one.
        let status = DaemonStatus.read(home: environment.home)
        if let pid = status.pid, DaemonStatus.runningPolicy(home: environment.home) == nil {
            if !json { print(status.notSmartLine(pid: pid, now: Date())) }
            guard policy != nil else {
                if json { print(status.notSmartJSON(pid: pid)) }
                return
            }
            if !json { print("with --policy, if it were in smart mode:") }
        }
        let reference =
            try policy ?? DaemonStatus.runningPolicy(home: environment.home)
            ?? ConfigLoader.load(home: environment.home).daemon.policy
        let resolved = try environment.resolver.resolve(reference)
        let state = StateReadings.read(
            path: environment.home.stateFile,
            historyLimit: history,
            syncLock: environment.home.syncLock
        )
        let decision = await environment.decideNow(resolved.policy, state: state)
        let report = WhyNotReport(
            decision: decision,
            origin: resolved.origin,
            poll: resolved.policy.poll,
            history: state.history,
            historyProblem: state.problem,
            run: state.run,
            settleUntil: state.settleUntil
        )
        print(json ? report.json() : report.text(), terminator: "")
    }
}
