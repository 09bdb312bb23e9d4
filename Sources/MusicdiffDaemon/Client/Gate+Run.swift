import Foundation
import MusicdiffCore

extension Gate {
    /// A command stopped by a lost condition: `EX_TEMPFAIL`, try again later.
    package static let stopped: Int32 = 75

    /// How long a gated command may run: no limit but the policy's (a hundred years).
    static let noTimeout: Duration = .seconds(100 * 365 * 86_400)

    /// Runs `command` (an argv, no shell) in a process group of its own under `policy`'s
    /// `while_running` rules, checked on each change of `sensors`' readings and at the policy's
    /// `poll`: a rule that fails stops it (SIGTERM to its group, `grace`, SIGKILL), and so does
    /// a coming suspend under `on_sleep: stop`; `keep_awake` holds off an idle suspend while it
    /// runs (``SleepGuard``). Its output
    /// goes to `output` as it comes; its environment carries `context`'s `MUSICDIFF_*`
    /// variables; `control` stops it from outside too (`gate`'s own SIGTERM). Returns its exit
    /// status (128 + the signal for one killed by a signal), or ``stopped`` (75) when a rule
    /// stopped it, or ``failed`` when it could not start; and the message to print, if any.
    package static func run(
        _ command: [String],
        under policy: Policy,
        on sensors: any DaemonSensors,
        since begin: Date,
        context: JobContext,
        control: RunControl = RunControl(),
        output: @escaping @Sendable (JobOutput) -> Void
    ) async -> (status: Int32, message: String?) {
        var request = SyncRequest(trigger: .manual, control: control)
        request.onOutput = output
        request.context = context
        let grace = policy.whileRunning?.grace ?? WhileRunning.defaultGrace
        let engine = CommandSyncEngine(command: command, timeout: noTimeout, grace: grace, priority: nil)
        let locks = await SleepGuard(policy, on: sensors, control: control)
        let watching = Task(executorPreference: PreferredExecutor.current) {
            await watch(command: control, policy: policy, on: sensors, since: begin)
        }
        let result = await engine.sync(request)
        watching.cancel()
        locks.release()
        return status(of: result)
    }

    /// Checks `policy`'s `while_running` rules until one fails (and stops the command) or the
    /// task is cancelled.
    static func watch(
        command control: RunControl,
        policy: Policy,
        on sensors: any DaemonSensors,
        since begin: Date
    )
        async
    {
        guard let rules = policy.whileRunning else { return }
        let wakes = GateWakes(following: sensors)
        defer { wakes.close() }
        var activity = ActivityTracker()
        repeat {
            let now = Date()
            var snapshot = sensors.snapshot(
                now: now,
                lastSync: .unknown(reason: "not read while a job runs"),
                dueSince: begin
            )
            snapshot.activity = activity.observe(snapshot.idle, at: now)
            let check = PolicyEngine.whileRunning(policy, on: snapshot, at: now)
            if let reason = check.stopReason { return control.stop(reason: reason, grace: rules.grace) }
            var next = now.adding(policy.poll)
            if let recheck = check.recheckIn { next = min(next, now.adding(max(recheck, .seconds(1)))) }
            wakes.check(at: next)
        } while await wakes.next() != nil && !Task.isCancelled
    }

    /// The exit status and message for how the command ended.
    static func status(of result: SyncResult) -> (status: Int32, message: String?) {
        switch result.outcome {
        case .success, .partial: (0, nil)
        case .failed: (Int32(clamping: result.exitStatus ?? 1), nil)
        case .crashed: (128 + Int32(clamping: result.exitStatus ?? 0), nil)
        case .stopped, .interrupted, .timedOut, .running:
            (stopped, "stopped: " + (result.message ?? "a condition was lost"))
        case .notStarted:
            // The engine's words name the daemon's sync.command; here the command is gate's.
            (
                failed,
                result.message.map {
                    $0.replacingOccurrences(of: "the sync command", with: "the command")
                        .replacingOccurrences(of: "; check sync.command in config.yaml", with: "")
                }
            )
        }
    }
}
