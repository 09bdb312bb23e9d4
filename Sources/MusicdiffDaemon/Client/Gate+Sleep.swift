import Foundation
import MusicdiffCore

extension Gate {
    /// What logind is told while a gated command runs under `keep_awake`.
    static let awakeReason = "a job is running"

    /// The locks a gated command holds under `policy`'s `while_running`, as the daemon's job
    /// does: logind's block lock on idle (`keep_awake`), and with `on_sleep: stop` its delay lock
    /// on sleep and a watch of logind's `PrepareForSleep` that stops the command (`control`)
    /// before the machine sleeps. ``release()`` lets go of them once the command has ended.
    struct SleepGuard {
        var awake: (any SleepHold)?
        var delay: (any SleepHold)?
        var watching: Task<Void, Never>?

        /// Takes what `policy` asks for on `sensors`; what logind cannot give is left out (the
        /// command runs all the same, as the daemon's job does).
        init(_ policy: Policy, on sensors: any DaemonSensors, control: RunControl) async {
            guard let rules = policy.whileRunning else { return }
            if rules.keepAwake { awake = try? await sensors.holdAwake(why: Gate.awakeReason).get() }
            guard rules.onSleep == .stop else { return }
            delay = try? await sensors.holdSleep(why: "stopping a job").get()
            let events = sensors.sleepEvents()
            // A suspend's grace is cut to fit in logind's delay, as the daemon cuts its job's.
            let most = max((sensors.inhibitDelayMax() ?? .seconds(5)) - .seconds(1), .milliseconds(500))
            watching = Task(executorPreference: PreferredExecutor.current) {
                for await event in events where event == .preparing {
                    control.stop(reason: DaemonMachine.sleepReason, grace: min(rules.grace, most))
                }
            }
        }

        /// Lets go of the locks and the watch.
        func release() {
            watching?.cancel()
            awake?.release()
            delay?.release()
        }
    }
}
