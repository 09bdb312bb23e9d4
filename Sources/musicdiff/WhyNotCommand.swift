import ArgumentParser
import Foundation
import MusicdiffCore
import MusicdiffDaemon

/// `musicdiff why-not`: evaluates the policy now, on the live machine, and explains every rule;
/// with `--assume` and `--at`, answers what-if questions.
struct WhyNotCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "why-not",
        abstract: "Explain why a sync would or would not run now, rule by rule.",
        discussion: """
            What if: --assume replaces readings (\(Assumption.forms)) and --at moves now \
            (HH:MM, the next such local time, or ISO 8601) for the time rules, the relax steps \
            and the deadline; a running daemon's due time and history are the base. A time in \
            the past is evaluated as asked and marked so.

            Example: musicdiff why-not --at 22:00 --assume ac=on
            """
    )

    @Option(
        name: .long,
        help: "A policy name or YAML file (default: the running daemon's, else daemon.policy from config).",
        completion: PolicyCompletion.kind
    )
    var policy: String?

    @Flag(name: .long, help: "Print one JSON object instead of text.")
    var json = false

    @Option(
        name: .long,
        parsing: .unconditional,
        help: "How many of the daemon's recent ticks to show (0: none)."
    )
    var history = 20

    @OptionGroup var whatIf: WhatIfOptions

    func validate() throws {
        guard history >= 0 else { throw ValidationError("--history must be 0 or more") }
    }

    func run() async throws {
        let environment = Environment()
        let assumptions = try Self.assumptions(whatIf.assume)
        let asked = Date()
        let moment = try whatIf.at.map { try Self.moment($0, after: asked, in: .current) }
        // A running daemon in interval or cron mode syncs on its schedule alone: say so, and
        // explain a policy only when asked for one. The store is opened once, for the
        // daemon's policy, its state and its history: at once while a daemon runs (for its
        // policy), else once the sensors have started, so that opening it overlaps them.
        let home = environment.home
        let pid = PidLock.daemonHolder(at: home.pidFile)
        let openStore = {
            Result { () throws(DaemonError) in try StateStore.openForReading(path: home.stateFile) }
        }
        let opened = pid == nil ? nil : openStore()
        let daemonPolicy = ((try? opened?.get()) ?? nil).flatMap { try? $0.daemonPolicy() }
        if let pid, daemonPolicy == nil {
            // Its mode and schedule, from the files: the socket is asked once, below.
            let status = DaemonStatus.read(home: home, askingDaemon: false)
            let overdue = OverdueNotice.shown(
                home: home,
                store: try? opened?.get(),
                deadline: nil,
                now: asked
            )
            if !json {
                print(status.notSmartLine(pid: pid, now: asked))
                if let overdue { print(overdue.1.joined(separator: " ")) }
            }
            guard policy != nil else {
                let pause = ((try? opened?.get()) ?? nil).flatMap { try? $0.pause() }
                if json { print(status.notSmartJSON(pid: pid, pause: pause, overdue: overdue, now: asked)) }
                return
            }
            if !json { print("with --policy, if it were in smart mode:") }
        }
        // The config is read once: for the policy it names, and for the overdue line.
        let config = policy == nil && daemonPolicy == nil ? try ConfigLoader.load(home: home) : nil
        let reference = try policy ?? daemonPolicy ?? (config ?? ConfigLoader.load(home: home)).daemon.policy
        let resolved = try environment.resolver.resolve(reference)
        // A running daemon's readings are what its next tick sees: ask it before the bus.
        // Without them, the sensors start before the store is read, to overlap it.
        let daemon = environment.daemonReadings(pid: pid)
        let readings: Environment.Readings =
            daemon.machine.map { .daemon($0) } ?? .sensors(environment.startSensors(for: resolved.policy))
        let store = opened ?? openStore()
        var state = StateReadings.read(
            opened: store,
            historyLimit: history,
            syncLock: home.syncLock,
            daemonRunning: pid != nil
        )
        // A moment in the past is judged with the last sync before it, not one after it.
        if let moment, moment < asked, case .known(.at(let last)) = state.lastSync, last > moment,
            case .success(let opened?) = store
        {
            do {
                state.lastSync = .known(
                    try opened.lastSuccessfulSync(before: moment).map(LastSync.at) ?? .never
                )
            } catch {
                state.lastSync = .unknown(reason: error.description)
            }
        }
        let decision = await environment.decideNow(
            resolved.policy,
            state: state,
            at: moment,
            assuming: assumptions,
            from: readings
        )
        var report = WhyNotReport(
            decision: decision,
            origin: resolved.origin,
            poll: resolved.policy.poll,
            history: state.history,
            historyProblem: state.problem,
            run: state.run,
            settleUntil: state.settleUntil
        )
        report.damagedRows = state.damagedRows
        report.pause = state.pause
        if let store = (try? StateStore.openForReading(path: home.stateFile)) ?? nil {
            report.predicted = (try? store.prediction(for: resolved.policy, now: decision.evaluatedAt)) ?? nil
        }
        report.dueSince = state.dueSince(at: decision.evaluatedAt)
        report.maxDeferral = resolved.policy.maxDeferral
        report.historyAsked = history
        report.assumed = assumptions.map { ($0.key, $0.text) }
        report.movedTime = moment != nil
        report.movedIntoPast = moment.map { $0 < asked } ?? false
        report.readings = daemon.origin
        if moment == nil, assumptions.isEmpty, policy == nil || policy == daemonPolicy {
            report.daemonNextCheck = daemon.loop?.nextCheck
        }
        if state.run?.run.outcome != .running { report.syncHolder = SyncLock.holder(at: home.syncLock) }
        if report.dueSince == nil, let nextDue = state.nextDue {
            if nextDue > decision.evaluatedAt {
                report.notDueUntil = nextDue
                report.earlyFrom = resolved.policy.early.map {
                    DaemonMachine.earlyFrom(
                        nextDue: nextDue,
                        early: $0,
                        lastRunStart: state.run?.run.startedAt
                    )
                }
            }
            report.deadline = PolicyEngine.deadline(
                resolved.policy,
                due: nextDue,
                lastSync: state.lastSync,
                now: decision.evaluatedAt
            )
        }
        report.overdue = OverdueNotice.shown(
            home: home,
            store: try? store.get(),
            config: config,
            deadline: report.deadline,
            now: decision.evaluatedAt
        )
        let text = { report.text(width: Terminal.width(), colour: Terminal.colourWanted()) }
        print(json ? report.json() : text(), terminator: "")
    }

    /// The `--assume` arguments, or a one-line error naming the accepted forms.
    static func assumptions(_ arguments: [String]) throws -> [Assumption] {
        var result: [Assumption] = []
        for argument in arguments {
            do {
                let assumption = try Assumption(argument)
                if result.contains(where: { $0.key == assumption.key }) {
                    throw CommandFailure(message: "--assume names \(assumption.key) twice; give it once")
                }
                result.append(assumption)
            } catch let error as AssumptionError {
                throw CommandFailure(message: error.message)
            }
        }
        return result
    }

    /// `--at`: `HH:MM`, the next such local time after `now`, or an ISO 8601 time.
    static func moment(_ text: String, after now: Date, in zone: TimeZone) throws -> Date {
        if let match = text.wholeMatch(of: #/(\d\d?):(\d\d)/#) {
            guard let hour = Int(match.output.1), let minute = Int(match.output.2), hour < 24, minute < 60
            else {
                throw CommandFailure(message: "--at \"\(text)\" is not a time of day (try 22:00)")
            }
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            guard
                let next = calendar.nextDate(
                    after: now,
                    matching: DateComponents(hour: hour, minute: minute, second: 0),
                    matchingPolicy: .nextTime
                )
            else { throw CommandFailure(message: "--at \"\(text)\" does not occur in the next day") }
            return next
        }
        do {
            return try ScheduleCommand.time(text, in: zone, flag: "--at")
        } catch {
            throw CommandFailure(
                message:
                    "--at \"\(text)\" is neither HH:MM nor an ISO 8601 time (try 22:00 or 2026-11-29T22:00)"
            )
        }
    }
}
