import Foundation
import MusicdiffCore
import MusicdiffSensors

/// What the daemon's loop reads the machine through: a snapshot on demand and change
/// events. ``MachineSensors`` is the real one; tests give a small fake with readings they set.
public protocol DaemonSensors: Sendable {
    /// Waits until the sensors have their first state or have failed, at most `timeout`.
    func waitUntilReady(timeout: Duration) async
    /// A snapshot of the machine at `now`, with the state store's readings added.
    func snapshot(now: Date, lastSync: Reading<LastSync>, dueSince: Date?) -> Snapshot
    /// A new stream of change events, one per reading that changed.
    func changes() -> AsyncStream<SensorChange>
    /// Stops the sensors; their change streams end.
    func stop()
}

extension MachineSensors: DaemonSensors {}

/// What the loop did, for whoever watches it: tests await these instead of sleeping.
public enum LoopEvent: Sendable, Equatable {
    /// A due sync was decided on, in smart mode.
    case decided(shouldSync: Bool, blockers: [String])
    /// The sync job was started.
    case syncStarted
    /// A running sync was checked against `while_running`; `stop` is the reason it stops.
    case runChecked(stop: String?)
    /// The sync job ended with `outcome`.
    case syncEnded(SyncRun.Outcome)
}
