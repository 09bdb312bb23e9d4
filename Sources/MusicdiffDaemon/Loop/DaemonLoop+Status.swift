import Foundation
import Logging
import MusicdiffCore
import MusicdiffSensors

extension DaemonLoop {
    /// Says what the machine waits for: the `STATUS=` line (told when it changes), the log
    /// (a blocked decision at info when its blockers changed, at debug when not; the first
    /// time a stop's hold keeps an allowed sync back), and the decision to the loop's watcher.
    func tell(_ status: DaemonMachine.MachineStatus, _ state: inout LoopState, now: Date) {
        switch status {
        case .nextSync(let date):
            state.lastBlockers = nil
            announce(.nextSync(date))
        case .blocked(let dueSince, let decision, let held):
            if let decision {
                if state.once != nil, !decision.shouldSync { state.once?.blocked = decision }
                let blockers = decision.blockers.map(\.rawValue)
                parts.onEvent(.decided(shouldSync: decision.shouldSync, blockers: blockers))
            }
            if let held {
                state.held = held
                if decision?.shouldSync == true, !state.heldLogged {
                    state.heldLogged = true
                    logger.info(
                        "Sync due and allowed, but held after the stop until the reading changes: \(held)"
                    )
                    try? store.setValue(held, for: StateStore.Key.stopHold)
                }
                announce(.held(dueSince: dueSince, reason: held))
            } else if let decision {
                state.lastBlockers = report(decision, previous: state.lastBlockers)
                announce(.blocked(dueSince: dueSince, decision: decision))
            }
        case .settling(let until):
            announce(.settling(until: until))
        case .asleep:
            announce(.asleep)
        case .paused(let pause):
            state.lastBlockers = nil
            if state.once != nil { state.once?.paused = pause }
            announce(.paused(pause))
        case .syncing(let since):
            state.lastBlockers = nil
            announce(.syncing(since: since, pid: state.job?.pid))
        case .waitingForOtherSync:
            announce(.waitingForOtherSync(state.lockHolder))
        }
    }

    /// Logs a blocked decision, at info when its blockers differ from the last one's (else
    /// at debug); returns them.
    func report(_ decision: Decision, previous: [String]?) -> [String]? {
        guard !decision.shouldSync else { return nil }
        let blockers = decision.blockers.map(\.rawValue)
        logger.log(
            level: blockers == previous ? .debug : .info,
            "Sync due, but the policy says not now: \(Self.reasons(decision))",
            metadata: [
                "policy": "\(decision.policy)", "policy.blockers": "\(blockers.joined(separator: ","))",
            ]
        )
        return blockers
    }

    /// The blocking verdicts' reasons, worded only when the line is written.
    static func reasons(_ decision: Decision) -> String {
        let reasons = decision.verdicts.filter(\.blocks).map { "\($0.rule.rawValue): \($0.reason)" }
        return reasons.isEmpty ? "waiting for min_gap or window" : reasons.joined(separator: "; ")
    }

    /// Starts the sensors, if not yet started, and a task that turns their change events
    /// into wake-ups; the task ends when the sensors stop. Returns the sensors it started.
    @discardableResult
    func startSensors() -> (any DaemonSensors)? {
        let policy = settings.withLock { $0.policy?.policy }
        let made = sensors.withLock { current -> (any DaemonSensors)? in
            guard current == nil else {
                current?.follow(policy)
                return nil
            }
            current = parts.makeSensors()
            current?.follow(policy)
            return current
        }
        guard let made else { return nil }
        let changes = made.changes()
        let sleeps = made.sleepEvents()
        let inbox = self.inbox
        Task(executorPreference: PreferredExecutor.current) {
            for await _ in changes { inbox.post(.sensors) }
        }
        Task(executorPreference: PreferredExecutor.current) {
            for await event in sleeps {
                inbox.post(event == .preparing ? .sleeping : .resumed(how: "logind"))
            }
        }
        return made
    }
}
