import Foundation
import Logging
import MusicdiffCore
import MusicdiffSensors

extension DaemonLoop {
    /// The policy's decision on the machine now, recorded as a tick unless it is the same as
    /// `unlessSame` (a sensor event that changed nothing costs no write); and, after a
    /// `while_running` stop, the verdict that still holds the sync (see ``StopHold``).
    func decide(
        _ policy: Policy,
        state: ScheduleState,
        now: Date,
        unlessSame previous: RecordedDecision? = nil
    ) -> (Decision, held: Verdict?) {
        let lastSync: Reading<LastSync>
        do {
            lastSync = .known(try store.lastSuccessfulSync().map(LastSync.at) ?? .never)
        } catch {
            lastSync = .unknown(reason: error.description)
        }
        let snapshot =
            sensors.withLock { $0 }?.snapshot(now: now, lastSync: lastSync, dueSince: state.dueSince)
            ?? Snapshot.unread(lastSync: lastSync, dueSince: state.dueSince)
        let decision = PolicyEngine.decide(
            policy,
            on: snapshot,
            at: LocalInstant(date: now, utcOffset: Self.utcOffset(at: now))
        )
        if previous != RecordedDecision(decision) {
            do {
                try store.record(
                    RecordedMoment(decision: decision, snapshot: snapshot, utcOffset: Self.utcOffset(at: now))
                )
            } catch {
                logger.error("Cannot record the decision: \(error)")
            }
        }
        parts.onEvent(.decided(shouldSync: decision.shouldSync, blockers: decision.blockers.map(\.rawValue)))
        return (decision, heldAfterStop(policy, snapshot, now: now, allowed: decision.shouldSync))
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
        let made = sensors.withLock { current -> (any DaemonSensors)? in
            guard current == nil else { return nil }
            current = parts.makeSensors()
            return current
        }
        guard let made else { return nil }
        let changes = made.changes()
        let sleeps = made.sleepEvents()
        let waker = self.waker
        Task {
            for await _ in changes { waker.signal(.sensor) }
        }
        Task { await self.watchSleep(sleeps) }
        return made
    }
}

/// What a tick records of a decision: whether it allowed the sync, and which rules blocked.
struct RecordedDecision: Equatable {
    var shouldSync: Bool
    var blockers: [Verdict.Rule]

    init(_ decision: Decision) {
        shouldSync = decision.shouldSync
        blockers = decision.blockers
    }
}
