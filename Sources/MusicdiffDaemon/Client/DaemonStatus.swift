import Foundation
import MusicdiffCore

/// What `musicdiff daemon status` shows, read from the pid file and the state store.
package struct DaemonStatus: Sendable {
    /// The running daemon's pid; nil when none runs.
    package var pid: Int32?
    /// When it started.
    package var startedAt: Date?
    /// `interval`, `cron`, `smart interval`, `smart cron`.
    package var mode: String?
    /// Schedule and policy, in words.
    package var summary: String?
    /// The last run, of any outcome.
    package var lastRun: SyncRun? { run?.run }
    /// The last run with, while it runs, the job's pid and what would stop it.
    package var run: RunState?
    /// The next due time.
    package var nextDue: Date?
    /// Since when the pending sync has been due.
    package var dueSince: Date?
    /// What holds the sync lock while no recorded run is running.
    package var syncHolder: RunningProcess?
    /// The newest tick decision.
    var lastTick: TickRecord?
    /// After a resume, no sync starts before this time.
    package var settleUntil: Date?
    /// When the running policy usually passes next, from the recorded days.
    package var predicted: Prediction?
    /// Where the running policy's `early` window begins before the next due time.
    package var earlyFrom: Date?
    /// The user's pause, as the store keeps it.
    package var pause: Pause?
    /// After a `while_running` stop, the rule and reading that keep the sync from starting.
    package var heldAfterStop: String?
    /// The running policy's `max_deferral`.
    package var maxDeferral: Duration?
    /// The latest time the pending (or next) sync will run, by the running policy.
    package var deadline: Date?
    /// What the running daemon's machine says now, asked on its socket; nil when no daemon
    /// runs or it did not answer (then the rest is read from the store's files).
    package var live: LoopView?
    /// Why the running daemon did not answer, when it did not.
    package var daemonProblem: String?
    /// Why the state store could not be read, when it could not: the rest is then unknown,
    /// but whether the daemon runs is still said.
    var storeProblem: String?

    /// Reads the status from `home`; a store that cannot be read is noted, not thrown. With
    /// `askingDaemon`, a running daemon is asked what its machine says now (``live``).
    package static func read(home: MusicdiffHome, askingDaemon: Bool = true) -> DaemonStatus {
        var status = DaemonStatus()
        status.pid = PidLock.daemonHolder(at: home.pidFile)
        do {
            try status.readStore(home)
        } catch {
            status.storeProblem = error.description
        }
        if askingDaemon, let pid = status.pid { status.ask(pid, home: home) }
        return status
    }

    private mutating func readStore(_ home: MusicdiffHome) throws(DaemonError) {
        guard let store = try StateStore.openForReading(path: home.stateFile) else { return }
        run = try RunState.read(store, syncLock: home.syncLock, daemonRunning: pid != nil)
        if run?.run.outcome != .running { syncHolder = SyncLock.holder(at: home.syncLock) }
        lastTick = try store.recentTicks(limit: 1).first
        pause = try store.pause()
        if let schedule = try store.scheduleState() {
            nextDue = schedule.nextDue
            dueSince = schedule.dueSince
        }
        if pid != nil {
            startedAt = try store.date(StateStore.Key.startedAt)
            mode = try store.value(StateStore.Key.mode)
            summary = try store.value(StateStore.Key.summary)
            settleUntil = try store.date(StateStore.Key.settleUntil)
            heldAfterStop = try store.value(StateStore.Key.stopHold)
            try readDeadline(store, home)
        }
    }

    /// Asks the running daemon what its machine says now: its schedule, settle and hold
    /// replace the files' (which it wrote a moment ago, or not at all after a reload).
    private mutating func ask(_ pid: Int32, home: MusicdiffHome) {
        switch ReadingsSocket.ask(path: home.readingsSocket, timeout: .seconds(1), daemon: pid) {
        case .success(let reply):
            guard let view = reply.loop else { return }
            live = view
            nextDue = view.nextDue
            dueSince = view.dueSince
            settleUntil = view.settleUntil
            heldAfterStop = view.held
        case .failure(let failure):
            daemonProblem = "the daemon (pid \(pid)) \(failure)"
        }
    }

    /// By the running daemon's policy: the deadline (from the due time and the last sync), the
    /// prediction and the early window.
    private mutating func readDeadline(_ store: StateStore, _ home: MusicdiffHome) throws(DaemonError) {
        guard let reference = try store.daemonPolicy(), let due = dueSince ?? nextDue,
            let policy = try? PolicyResolver(home: home).resolve(reference).policy
        else { return }
        maxDeferral = policy.maxDeferral
        predicted = (try? store.prediction(for: policy, now: Date())) ?? nil
        if dueSince == nil, let next = nextDue, let early = policy.early {
            let lastRun = (try? store.lastRunStart()) ?? nil
            earlyFrom = DaemonMachine.earlyFrom(nextDue: next, early: early, lastRunStart: lastRun)
        }
        let last = try store.lastSuccessfulSync()
        deadline = PolicyEngine.deadline(
            policy,
            due: due,
            lastSync: .known(last.map(LastSync.at) ?? .never),
            now: Date()
        )
    }

    /// The policy the running smart daemon gates with; nil when no smart daemon runs.
    package static func runningPolicy(home: MusicdiffHome) -> String? {
        guard PidLock.daemonHolder(at: home.pidFile) != nil else { return nil }
        return ((try? StateStore.openForReading(path: home.stateFile)) ?? nil).flatMap {
            try? $0.daemonPolicy()
        }
    }

    /// `cron "0 2 * * *"` or `smart interval, every 24h, policy laptop (shipped)`: the summary
    /// after the mode, without saying `cron` twice.
    static func modeText(mode: String?, summary: String?) -> String {
        let mode = mode ?? "?"
        guard let summary else { return mode }
        if mode.hasSuffix("cron"), summary.hasPrefix("cron ") {
            return mode + summary.dropFirst("cron".count)
        }
        return "\(mode), \(summary)"
    }

    /// The status for a person.
    package func text(now: Date, timeZone: TimeZone = .current) -> String {
        let format = LocalTimeFormat(timeZone: timeZone)
        func when(_ date: Date) -> String {
            let delta = date.duration(since: now)
            let relative =
                delta >= .zero
                ? "in \(DurationText.format(delta))" : "\(DurationText.format(.zero - delta)) ago"
            return "\(format.string(date)) (\(relative))"
        }
        var lines: [String] = []
        if let pid {
            lines.append(
                "running: pid \(pid)"
                    + (startedAt.map { ", up \(DurationText.format(now.duration(since: $0)))" } ?? "")
            )
            lines.append("mode: " + Self.modeText(mode: mode, summary: summary))
        } else {
            lines.append("not running")
        }
        if let storeProblem {
            lines.append("history unknown: \(storeProblem)")
        } else if let state = self.run, state.run.outcome == .running {
            lines.append(state.line(format))
        } else if let run = lastRun {
            var text = "last sync: \(when(run.endedAt ?? run.startedAt)), \(run.outcome.words)"
            if let changes = run.changesApplied { text += ", " + counted(changes, "change") }
            if let failed = run.failedChanges, failed > 0 { text += ", \(failed) failed" }
            if !run.conflicts.isEmpty { text += ", " + counted(run.conflicts.count, "conflict") }
            if !run.outcome.isSuccess, let message = run.message { text += ": \(message)" }
            lines.append(text)
            lines += self.run?.outputLines() ?? []
        } else {
            lines.append("last sync: none recorded")
        }
        if let syncHolder { lines.append(RunState.heldLine(syncHolder)) }
        if let nextDue, pid != nil {
            lines.append(
                nextDue > now
                    ? "next due: \(when(nextDue))" : "next due: now (due since \(when(dueSince ?? nextDue)))"
            )
        }
        if pid != nil,
            let line = WhyNotReport.syncBy(
                deadline,
                maxDeferral: maxDeferral,
                due: dueSince ?? nextDue,
                format,
                now: now
            )
        {
            lines.append(line)
        }
        if pid != nil, let settleUntil, settleUntil > now {
            lines.append("settling after resume until \(format.string(settleUntil)): no sync starts before")
        }
        if pid != nil, let predicted {
            lines.append(predicted.text(now: now, ShortTime(now: now, timeZone: timeZone).string))
        }
        if pid != nil, let earlyFrom, let nextDue, nextDue > now {
            lines.append(WhyNotReport.earlyLine(earlyFrom, now: now, timeZone: timeZone))
        }
        if let pause, pause.lasts(at: now) {
            lines.append(pause.line(now: now, timeZone: timeZone, daemonRunning: pid != nil))
        }
        if pid != nil, let heldAfterStop {
            lines.append("held after the stop until the reading changes: \(heldAfterStop)")
        }
        if let live {
            lines += Self.liveLines(live, when)
        } else if pid != nil, let tick = lastTick, !tick.wouldSync, dueSince != nil {
            lines.append(
                "blocked by: \(tick.failed.isEmpty ? "min_gap or window" : tick.failed.joined(separator: ", ")) (at \(format.string(tick.at)), the last decision recorded; see musicdiff why-not)"
            )
        }
        if let daemonProblem { lines.append("read from the files: \(daemonProblem)") }
        return lines.joined(separator: "\n") + "\n"
    }
}
