import Foundation
import MusicdiffCore
import MusicdiffSensors

/// What the daemon's loop reads the machine through: a snapshot on demand and change
/// events. ``MachineSensors`` is the real one; tests give a small fake with readings they set.
package protocol DaemonSensors: Sendable {
    /// Waits until the sensors have their first state or have failed, at most `timeout`.
    func waitUntilReady(timeout: Duration) async
    /// A snapshot of the machine at `now`, with the state store's readings added.
    func snapshot(now: Date, lastSync: Reading<LastSync>, dueSince: Date?) -> Snapshot
    /// A new stream of change events, one per reading that changed.
    func changes() -> AsyncStream<SensorChange>
    /// Stops the sensors; their change streams end.
    func stop()
    /// A new stream of logind's suspend and resume announcements.
    func sleepEvents() -> AsyncStream<SleepEvent>
    /// Takes logind's sleep *delay* lock, held until released; the reason when it cannot.
    func holdSleep(why: String) async -> Result<any SleepHold, SensorError>
    /// logind's `InhibitDelayMaxUSec`: how long a delay lock may hold off a suspend.
    func inhibitDelayMax() -> Duration?
    /// Takes logind's *block* lock on idle, held until released: an idle suspend waits for it
    /// (`while_running.keep_awake`); the reason when it cannot.
    func holdAwake(why: String) async -> Result<any SleepHold, SensorError>
    /// Reads what `policy`'s rules look at from now on (its `storage.path`, its `busy`
    /// kinds); nil for none.
    func follow(_ policy: Policy?)
}

extension DaemonSensors {
    /// Sensors without a free-space or busy reader leave those readings unknown.
    package func follow(_ policy: Policy?) {}

    /// Sensors without logind's locks cannot keep the machine awake.
    package func holdAwake(why: String) async -> Result<any SleepHold, SensorError> {
        .failure(.logindUnavailable(reason: "these sensors cannot take logind's idle lock"))
    }
}

/// A held lock that delays a suspend until released.
package protocol SleepHold: Sendable {
    /// Releases it; again does nothing.
    func release()
}

extension SleepInhibitor: SleepHold {}

extension MachineSensors: DaemonSensors {
    /// Takes logind's sleep delay lock.
    package func holdSleep(why: String) async -> Result<any SleepHold, SensorError> {
        await inhibitSleep(why: why).map { $0 }
    }

    /// Takes logind's block lock on idle.
    package func holdAwake(why: String) async -> Result<any SleepHold, SensorError> {
        await inhibit(.idleBlock, why: why).map { $0 }
    }
}

/// What the loop did, for whoever watches it: tests await these instead of sleeping.
package enum LoopEvent: Sendable, Equatable {
    /// A due sync was decided on, in smart mode.
    case decided(shouldSync: Bool, blockers: [String])
    /// The sync job was started.
    case syncStarted
    /// A running sync was checked against `while_running`; `stop` is the reason it stops.
    case runChecked(stop: String?)
    /// The sync job ended with `outcome`.
    case syncEnded(SyncRun.Outcome)
    /// logind said the machine is about to suspend (`true`) or has resumed (`false`).
    case sleep(preparing: Bool)
    /// The status line told to systemd changed to this.
    case status(String)
    /// The loop pinged systemd's watchdog.
    case watchdog
}
