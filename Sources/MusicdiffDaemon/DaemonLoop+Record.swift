import Foundation
import Logging
import MusicdiffCore

extension DaemonLoop {
    /// The local zone's offset from UTC at `date`, as recorded moments keep it.
    static func utcOffset(at date: Date) -> Int { CivilTime.localOffset(at: date) }

    /// A moment of `kind` now, with the sensors' readings in smart mode.
    func moment(_ kind: RecordedMoment.Kind, dueSince: Date? = nil, runEnd: RunEnd? = nil) -> RecordedMoment {
        let now = parts.clock.now()
        let policy = settings.withLock { $0.policy?.policy.name } ?? ""
        let readings =
            policy.isEmpty
            ? Snapshot.unread()
            : sensors.withLock { $0 }?.snapshot(now: now, lastSync: .known(.never), dueSince: dueSince)
                ?? Snapshot.unread(dueSince: dueSince)
        return RecordedMoment(
            at: now,
            utcOffset: Self.utcOffset(at: now),
            kind: kind,
            policy: policy,
            dueSince: dueSince,
            readings: readings,
            runEnd: runEnd
        )
    }

    /// Records the daemon's start or stop, for the history's "daemon not running".
    func recordLifecycle(_ kind: RecordedMoment.Kind) {
        do {
            try store.record(moment(kind))
        } catch {
            logger.error("Cannot record the daemon's \(kind == .daemonStart ? "start" : "stop"): \(error)")
        }
    }
}
