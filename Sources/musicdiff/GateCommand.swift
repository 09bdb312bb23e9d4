import ArgumentParser
import Foundation
import MusicdiffCore
import MusicdiffDaemon
import MusicdiffSensors
import Synchronization
import UnixSignals

/// `musicdiff gate`: decides now, with a policy, whether another job may run, for a systemd
/// timer's `ExecCondition=`: exit 0 (it may), 1 (not now, with why-not's reasons), 255 (an
/// error). It needs no daemon and records nothing.
struct GateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gate",
        abstract: "Decide now whether another job may run under a policy (exit 0), or not (exit 1).",
        discussion: """
            For a systemd timer's unit: ExecCondition=musicdiff gate --policy laptop skips the \
            run while the policy blocks it. Exit 0: the policy passes; 1: not now (why-not's \
            reasons on stderr, or the JSON report on stdout with --json); 255: an error (a bad \
            policy or flag), so that systemd marks the unit failed instead of skipping it. \
            It needs no daemon and records nothing. What if: --assume and --at, as for why-not.

            Example: musicdiff gate --policy laptop --assume ac=on
            """
    )

    @Option(
        name: .long,
        help: "A policy name or YAML file (default: daemon.policy from config).",
        completion: PolicyCompletion.kind
    )
    var policy: String?

    @Flag(name: .long, help: "Print the JSON report on stdout, whatever the answer.")
    var json = false

    @OptionGroup var whatIf: WhatIfOptions

    @Flag(name: .long, help: "Wait, event-driven, until the policy passes (or --timeout).")
    var wait = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "With --wait: give up after this long, with exit 1 and the reasons.",
            valueName: "D"
        )
    )
    var timeout: String?

    @Argument(
        parsing: .postTerminator,
        help: ArgumentHelp(
            "After --: a command to run once the policy passes, under its while_running rules.",
            valueName: "COMMAND"
        )
    )
    var command: [String] = []

    func validate() throws {
        if timeout != nil, !wait { throw ValidationError("--timeout needs --wait") }
        if let timeout, (DurationText.parse(timeout) ?? .zero) <= .zero {
            throw ValidationError("--timeout: \"\(timeout)\" is not a duration (try \"30m\" or \"2h\")")
        }
        if wait, !whatIf.assume.isEmpty || whatIf.at != nil {
            throw ValidationError("--assume and --at ask once what if; --wait watches the live machine")
        }
        if !command.isEmpty, !whatIf.assume.isEmpty || whatIf.at != nil {
            throw ValidationError("--assume and --at ask what if; they run no command")
        }
    }

    func run() async throws {
        if !command.isEmpty { return try await runCommand() }
        let report = try await Self.failing { try await wait ? waited() : decidedOnce() }
        try answer(report)
    }

    /// Says `report` (the JSON on stdout with `--json`, else why-not's text on stderr when it
    /// blocks), and exits 1 when it blocks.
    func answer(_ report: WhyNotReport) throws {
        if json {
            print(report.json(), terminator: "")
        } else if !report.decision.shouldSync {
            FileHandle.standardError.write(Data(report.text().utf8))
        }
        if !report.decision.shouldSync { throw ExitCode(Gate.notNow) }
    }

    /// What `body` returns; any error it throws is one for exit 255.
    static func failing<Value>(_ body: () async throws -> Value) async throws -> Value {
        do {
            return try await body()
        } catch let error as CommandFailure {
            throw CommandFailure(message: error.message, code: Gate.failed)
        } catch let error as DaemonError {
            throw CommandFailure(message: error.description, code: Gate.failed)
        } catch {
            throw CommandFailure(message: "\(error)", code: Gate.failed)
        }
    }

    /// The policy `--policy` names, or `daemon.policy` from the config.
    func resolvedPolicy(_ environment: Environment) throws -> PolicyResolver.Resolved {
        let reference = try policy ?? ConfigLoader.load(home: environment.home).daemon.policy
        return try environment.resolver.resolve(reference)
    }

    /// One decision now (or at `--at`, with `--assume`'s readings).
    func decidedOnce() async throws -> WhyNotReport {
        let environment = Environment()
        let assumptions = try WhyNotCommand.assumptions(whatIf.assume)
        let moment = try whatIf.at.map { try WhyNotCommand.moment($0, after: Date(), in: .current) }
        let resolved = try resolvedPolicy(environment)
        let sensors = environment.startSensors(for: resolved.policy)
        await sensors.waitUntilReady(timeout: .seconds(1))
        let now = moment ?? Date()
        let snapshot = sensors.snapshot(now: now, lastSync: .known(.never), dueSince: now)
        sensors.leaveForExit()
        let decision = Gate.decide(
            resolved.policy,
            on: snapshot,
            dueSince: now,
            at: now,
            assuming: assumptions
        )
        return Gate.report(
            decision,
            policy: resolved.policy,
            origin: resolved.origin,
            assumed: assumptions,
            movedTime: moment != nil
        )
    }

    /// The decision once the policy passes, or the last one when `--timeout` ran out; while
    /// blocked, one line on stderr says what it waits for.
    func waited() async throws -> WhyNotReport {
        let environment = Environment()
        let resolved = try resolvedPolicy(environment)
        let sensors = await followingSensors(environment)
        sensors.follow(resolved.policy)
        let decision = await waitedDecision(resolved.policy, on: sensors, since: Date())
        sensors.leaveForExit()
        return Gate.report(decision, policy: resolved.policy, origin: resolved.origin)
    }

    /// Sensors that follow every change, started and ready (or given a second to be).
    func followingSensors(_ environment: Environment) async -> MachineSensors {
        let sensors = MachineSensors(
            paths: environment.sensorPaths,
            memory: FileInputActivityMemory(path: environment.home.path + "/input-activity"),
            use: .follow
        )
        await sensors.waitUntilReady(timeout: .seconds(1))
        return sensors
    }

    /// The decision once `policy` passes on `sensors`, or the last one when `--timeout` ran
    /// out; while blocked, one line on stderr says what it waits for.
    func waitedDecision(_ policy: Policy, on sensors: MachineSensors, since begin: Date) async -> Decision {
        let limit = timeout.flatMap(DurationText.parse)
        return await Gate.wait(for: policy, on: sensors, since: begin, timeout: limit) { decision in
            let rules = decision.blockers.map(\.rawValue).joined(separator: ", ")
            let most = limit.map { " (at most \(DurationText.format($0)))" } ?? ""
            FileHandle.standardError.write(
                Data("musicdiff: gate: waiting: blocked by \(rules)\(most)\n".utf8)
            )
        }.decision
    }

    /// Decides (with `--wait`, waits) and, once the policy passes, runs the command under its
    /// `while_running` rules: its exit status, 75 when a rule stopped it, 1 when the policy
    /// blocked it (or `--timeout` ran out).
    func runCommand() async throws {
        let environment = Environment()
        let resolved = try await Self.failing { try resolvedPolicy(environment) }
        let policy = resolved.policy
        let begin = Date()
        let sensors = await followingSensors(environment)
        sensors.follow(policy)
        let decision =
            wait
            ? await waitedDecision(policy, on: sensors, since: begin)
            : Gate.decide(policy, on: sensors, since: begin)
        guard decision.shouldSync else {
            sensors.leaveForExit()
            return try answer(Gate.report(decision, policy: policy, origin: resolved.origin))
        }
        let now = Date()
        let readings = sensors.snapshot(now: now, lastSync: .known(.never), dueSince: begin)
        let context = JobContext(
            network: readings.network,
            battery: readings.battery,
            overdue: now.duration(since: begin),
            relaxStep: decision.step?.after,
            deadline: decision.deadline
        )
        // From here a SIGTERM or SIGINT to gate stops the command's group (SIGTERM, grace,
        // SIGKILL) before gate exits with 128 + the signal.
        let control = RunControl()
        let caught = Mutex<Int32?>(nil)
        let signals = await UnixSignalsSequence(trapping: .sigterm, .sigint)
        let stopper = Task {
            for await signal in signals {
                caught.withLock { $0 = $0 ?? signal.rawValue }
                let grace = policy.whileRunning?.grace ?? WhileRunning.defaultGrace
                control.stop(reason: "musicdiff gate got \(signal)", grace: grace)
            }
        }
        defer { stopper.cancel() }
        let (status, message) = await Gate.run(
            command,
            under: policy,
            on: sensors,
            since: begin,
            context: context,
            control: control,
            output: ManualRunLog.echo
        )
        sensors.leaveForExit()
        if let message { FileHandle.standardError.write(Data("musicdiff: gate: \(message)\n".utf8)) }
        if let signal = caught.withLock({ $0 }) { throw ExitCode(128 + signal) }
        if status != 0 { throw ExitCode(status) }
    }
}
