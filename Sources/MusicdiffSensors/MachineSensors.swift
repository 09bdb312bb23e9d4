import Foundation
import MusicdiffCore
import Synchronization

/// Every sensor a policy reads, together: the D-Bus ones (NetworkManager, UPower, logind)
/// with their fallbacks (`/sys/class/power_supply` for the battery, `/proc/interrupts` and
/// the terminals for idle time), and the load from `/proc/loadavg`.
package final class MachineSensors: Sendable {
    /// The D-Bus sensors.
    package let dbus: DBusSensors
    private let load: LoadSensor
    private let procIdle: ProcIdleSensor
    private let storage: StorageSensor
    private let busy: BusySensor
    /// What the policy's rules look at: its `storage` path (nil for none) and the kinds of
    /// its `busy` rules.
    private let followed = Mutex<(storage: String?, busy: Set<BusyKind>)>((nil, []))

    /// Starts the sensors; returns at once. `memory` keeps what `/proc` idle detection saw.
    /// A command that reads once and exits says so in `use` (see ``SensorUse``).
    package init(paths: SensorPaths, memory: any InputActivityMemory, use: SensorUse = .follow) {
        dbus = DBusSensors(paths: paths, use: use)
        load = LoadSensor(paths: paths)
        procIdle = ProcIdleSensor(paths: paths, memory: memory)
        storage = StorageSensor(paths: paths, home: Self.home)
        busy = BusySensor(paths: paths)
    }

    /// The home folder that `~` in a policy stands for: `$HOME`, else the user's from the
    /// password database, as ``MusicdiffHome`` finds it.
    package static var home: String {
        let home = ProcessInfo.processInfo.environment["HOME"] ?? ""
        return home.isEmpty ? NSHomeDirectory() : home
    }

    /// Waits until the D-Bus clients have their first state or have failed, at most `timeout`.
    package func waitUntilReady(timeout: Duration) async { await dbus.waitUntilReady(timeout: timeout) }

    /// logind's idle reading; without it, the `/proc` one, its source saying why.
    package func idle(now: Date) -> Reading<IdleState> {
        let logind = dbus.logindIdle()
        guard case .unknown(let reason) = logind else { return logind }
        switch procIdle.read(now: now) {
        case .known(var state):
            state.source += "; logind: \(reason)"
            return .known(state)
        case .unknown(let why):
            return .unknown(reason: "\(reason); \(why)")
        }
    }

    /// A snapshot of the machine at `now`, with the state store's readings added.
    package func snapshot(now: Date, lastSync: Reading<LastSync>, dueSince: Date?) -> Snapshot {
        Snapshot(lastSync: lastSync, dueSince: dueSince, activity: Snapshot.notTracked) { reading in
            switch reading {
            case .idle: AnyReading(idle(now: now))
            case .network: AnyReading(dbus.network())
            case .load: AnyReading(load.read())
            case .battery: AnyReading(dbus.battery())
            case .powerProfile: AnyReading(dbus.powerProfile())
            case .storage: AnyReading(storageReading())
            case .busy: AnyReading(busyReading())
            }
        }
    }

    /// Reads what `policy`'s rules look at in each snapshot from now on: the free space of
    /// its `storage.path`, the kinds of its `busy` rules; nil reads neither.
    package func follow(_ policy: Policy?) {
        followed.withLock { $0 = (policy?.storage?.path, policy?.busyKinds ?? []) }
    }

    /// The free space where the policy looks, or unknown without a `storage` rule.
    private func storageReading() -> Reading<StorageState> {
        guard let path = followed.withLock({ $0.storage }) else {
            return .unknown(reason: SensorServices.notAsked)
        }
        return storage.read(path)
    }

    /// The signs of the kinds the policy's `busy` rules look for, or unknown without one.
    private func busyReading() -> Reading<BusyState> {
        let kinds = followed.withLock { $0.busy }
        guard !kinds.isEmpty else { return .unknown(reason: SensorServices.notAsked) }
        var signs: [BusyKind: BusySign] = [:]
        for kind in kinds {
            signs[kind] =
                switch kind {
                case .camera: busy.camera()
                case .microphone: busy.microphone()
                case .idleInhibitor, .gamemode: dbus.busySign(kind)
                }
        }
        return .known(BusyState(signs))
    }

    /// A new stream of the D-Bus sensors' change events.
    package func changes() -> AsyncStream<SensorChange> { dbus.changes() }

    /// A new stream of logind's `PrepareForSleep` signals; see ``DBusSensors/sleepEvents()``.
    package func sleepEvents() -> AsyncStream<SleepEvent> { dbus.sleepEvents() }

    /// Takes a logind delay lock on sleep; see ``DBusSensors/inhibitSleep(why:)``.
    package func inhibitSleep(why: String) async -> Result<SleepInhibitor, SensorError> {
        await dbus.inhibitSleep(why: why)
    }

    /// Takes a logind inhibitor lock; see ``DBusSensors/inhibit(_:why:)``.
    package func inhibit(_ lock: InhibitLock, why: String) async -> Result<SleepInhibitor, SensorError> {
        await dbus.inhibit(lock, why: why)
    }

    /// logind's `InhibitDelayMaxUSec`, or nil when unknown; see ``DBusSensors/inhibitDelayMax()``.
    package func inhibitDelayMax() -> Duration? { dbus.inhibitDelayMax() }

    /// Stops the D-Bus clients.
    package func stop() { dbus.stop() }

    /// Leaves the D-Bus clients running for a process about to exit (``DBusSensors/leaveForExit()``).
    package func leaveForExit() { dbus.leaveForExit() }
}

extension SensorServices {
    /// The D-Bus service a reading of the machine comes from; none for a reading read from
    /// `/proc` or `/sys` alone.
    package init(providing reading: MachineReading) {
        switch reading {
        case .idle: self = .logind
        case .network: self = .networkManager
        case .load: self = []
        case .battery: self = .upower
        case .powerProfile: self = .powerProfiles
        case .storage: self = []
        case .busy: self = [.logind, .gameMode]
        }
    }
}
