import Foundation
import Logging
import MusicdiffCore
import MusicdiffSensors

extension DaemonLoop {
    /// The reason a run stopped by a suspend gives.
    static let sleepReason = "the machine is going to sleep"

    /// Follows logind's suspend announcements until the sensors stop: before a suspend, the
    /// running sync is stopped (unless its policy says `on_sleep: ignore`) and no new one
    /// starts; after the resume, the `settle` period begins.
    func watchSleep(_ events: AsyncStream<SleepEvent>) async {
        for await event in events {
            let now = parts.clock.now()
            switch event {
            case .preparing:
                resume.withLock { $0.asleep = true }
                logger.info("The machine is about to sleep")
                stopRunForSleep()
            case .resumed:
                resume.withLock { $0.asleep = false }
                noteResume(at: now, how: "logind")
            }
            parts.onEvent(.sleep(preparing: event == .preparing))
            waker.signal(.sensor)
        }
    }

    /// Stops the running sync for a suspend, if its policy wants that, within logind's
    /// delay: the grace period is cut to fit in `InhibitDelayMaxUSec`.
    func stopRunForSleep() {
        guard let control = currentRun.withLock({ $0 }),
            let rules = settings.withLock({ $0.policy?.policy.whileRunning }), rules.onSleep == .stop
        else { return }
        let delay = sensors.withLock { $0 }?.inhibitDelayMax() ?? .seconds(5)
        let grace = min(rules.grace, max(delay - .seconds(1), .milliseconds(500)))
        logger.info("Stopping the sync: \(Self.sleepReason)")
        parts.onEvent(.runChecked(stop: Self.sleepReason))
        control.stop(reason: Self.sleepReason, grace: grace)
    }

    /// Takes logind's sleep delay lock for a run whose policy stops it on a suspend, so the
    /// job is stopped before the machine sleeps; nil when the policy does not or logind
    /// cannot (said once in the log).
    func holdSleepForRun() async -> (any SleepHold)? {
        guard let rules = settings.withLock({ $0.policy?.policy.whileRunning }), rules.onSleep == .stop,
            let sensors = sensors.withLock({ $0 })
        else { return nil }
        switch await sensors.holdSleep(why: "stopping a sync") {
        case .success(let hold):
            return hold
        case .failure(let error):
            logger.debug("\(error)")
            return nil
        }
    }
}
