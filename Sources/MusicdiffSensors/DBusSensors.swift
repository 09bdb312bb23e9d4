import MusicdiffCore

/// Which D-Bus reading changed.
public enum SensorChange: Sendable, Equatable, Hashable {
    /// The NetworkManager reading.
    case network
    /// The UPower reading (or its `/sys` fallback taking over or handing back).
    case battery
    /// The logind idle reading.
    case idle
}

/// The live D-Bus sensors: NetworkManager (libnm), UPower (libupower-glib) and logind (GDBus),
/// followed on one GLib thread. Getters return the latest snapshot at once; ``changes()``
/// tells when one changed. A service that is absent, late or gone reads as unknown with the
/// reason (the battery then falls back to `/sys/class/power_supply`); nothing blocks on it.
public final class DBusSensors: Sendable {
    private let hub = SensorHub()
    private let thread: GLibThread
    private let powerSupply: PowerSupplySensor

    /// Starts the GLib thread and the clients on the system bus that
    /// `DBUS_SYSTEM_BUS_ADDRESS` names (else the standard one); returns at once. `paths` is for
    /// the battery's `/sys` fallback.
    public init(paths: SensorPaths) {
        powerSupply = PowerSupplySensor(paths: paths)
        let hub = hub
        thread = GLibThread(name: "musicdiff-dbus") { thread in SensorSession.start(hub: hub, thread: thread)
        }
    }

    deinit { stop() }

    /// Waits until each client has its first state or has failed, or until `timeout`.
    public func waitUntilReady(timeout: Duration) async {
        await hub.waitUntilReady(timeout: timeout)
    }

    /// NetworkManager's view of the network, or why it is unknown.
    public func network() -> Reading<NetworkState> { hub.network }

    /// UPower's on-battery and display device; without UPower, `/sys/class/power_supply` with
    /// the reason in its source (`/sys/class/power_supply (UPower is not running)`).
    public func battery() -> Reading<BatteryState> {
        switch hub.battery {
        case .upower(let state): .known(state)
        case .fallback(let reason): fallbackBattery(because: reason)
        }
    }

    /// logind's idle hint for the current user's session (or the manager's), or why it is
    /// unknown.
    public func logindIdle() -> Reading<IdleState> { hub.idle }

    /// A new stream of changes, one element per changed reading, until ``stop()``. Each call
    /// makes a new subscriber; a reading set again to the same value does not count.
    public func changes() -> AsyncStream<SensorChange> { hub.subscribe() }

    /// Stops the clients and the thread; readings turn unknown and change streams end.
    public func stop() {
        hub.close()
        thread.stop()
    }

    /// The `/sys` reading, with why UPower was not used in its source or reason.
    private func fallbackBattery(because reason: String) -> Reading<BatteryState> {
        switch powerSupply.read() {
        case .unknown(let why): return .unknown(reason: "\(reason); \(why)")
        case .known(var state):
            state.source =
                state.source.hasSuffix(")")
                ? String(state.source.dropLast()) + "; \(reason))" : "\(state.source) (\(reason))"
            return .known(state)
        }
    }
}
