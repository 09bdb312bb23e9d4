import MusicdiffCore

/// Which D-Bus reading changed.
package enum SensorChange: Sendable, Equatable, Hashable {
    /// The NetworkManager reading.
    case network
    /// The UPower reading (or its `/sys` fallback taking over or handing back).
    case battery
    /// The logind idle reading.
    case idle
    /// power-profiles-daemon's active profile.
    case powerProfile
    /// Other programs' logind idle inhibitors.
    case idleInhibitor
    /// GameMode's clients.
    case gamemode
}

/// The live D-Bus sensors: NetworkManager (libnm), UPower (libupower-glib) and logind (GDBus),
/// followed on one GLib thread. Getters return the latest snapshot at once; ``changes()``
/// tells when one changed. A service that is absent, late or gone reads as unknown with the
/// reason (the battery then falls back to `/sys/class/power_supply`); nothing blocks on it.
package final class DBusSensors: Sendable {
    private let hub = SensorHub()
    private let thread: GLibThread
    private let powerSupply: PowerSupplySensor
    private let slot = SessionSlot()

    /// Starts the GLib thread and the clients on the system bus that
    /// `DBUS_SYSTEM_BUS_ADDRESS` names (else the standard one); returns at once. `paths` is for
    /// the battery's `/sys` fallback.
    /// A command that reads the sensors once and exits says so in `use` (``SensorUse``).
    package init(paths: SensorPaths, use: SensorUse = .follow) {
        powerSupply = PowerSupplySensor(paths: paths)
        let (hub, slot) = (hub, slot)
        thread = GLibThread(name: "musicdiff-dbus") { thread in
            SensorSession.start(hub: hub, thread: thread, slot: slot, use: use)
        }
    }

    deinit { stop() }

    /// Waits until each client has its first state or has failed, or until `timeout`.
    package func waitUntilReady(timeout: Duration) async {
        await hub.waitUntilReady(timeout: timeout)
    }

    /// NetworkManager's view of the network, or why it is unknown.
    package func network() -> Reading<NetworkState> { hub.network }

    /// UPower's on-battery and display device; without UPower, `/sys/class/power_supply` with
    /// the reason in its source (`/sys/class/power_supply (UPower is not running)`).
    package func battery() -> Reading<BatteryState> {
        switch hub.battery {
        case .upower(let reading): reading
        case .fallback(let reason): fallbackBattery(because: reason)
        }
    }

    /// logind's idle hint for the current user's session (or the manager's), or why it is
    /// unknown.
    package func logindIdle() -> Reading<IdleState> { hub.idle }

    /// power-profiles-daemon's active profile, or why it is unknown.
    package func powerProfile() -> Reading<PowerProfileState> { hub.powerProfile }

    /// The sign of a kind of busyness the D-Bus services tell (`idle-inhibitor`, `gamemode`).
    package func busySign(_ kind: BusyKind) -> BusySign { hub.busy(kind) }

    /// A new stream of changes, one element per changed reading, until ``stop()``. Each call
    /// makes a new subscriber; a reading set again to the same value does not count.
    package func changes() -> AsyncStream<SensorChange> { hub.subscribe() }

    /// A new stream of logind's `PrepareForSleep` signals (`org.freedesktop.login1.Manager` on
    /// `/org/freedesktop/login1`), each delivered as it arrives, until ``stop()``. Each call makes
    /// a new subscriber. Without a bus or logind it yields nothing (and ends on ``stop()``);
    /// after logind restarts, the new logind's signals come through the same stream.
    package func sleepEvents() -> AsyncStream<SleepEvent> { hub.sleep.subscribe() }

    /// Takes a logind *delay* lock on sleep, `Inhibit("sleep", "musicdiff", why, "delay")` on the
    /// manager: logind then waits for its release (at most ``inhibitDelayMax()``) before it
    /// suspends. The call runs on the GLib thread; this suspends only the calling task, until
    /// logind answers (at most 5 s). Fails with the reason when there is no bus, logind is not
    /// running or refuses, or the sensors are stopped.
    package func inhibitSleep(why: String) async -> Result<SleepInhibitor, SensorError> {
        await inhibit(.sleepDelay, why: why)
    }

    /// Takes a logind inhibitor lock, `Inhibit(lock.what, "musicdiff", why, lock.mode)`, as
    /// ``inhibitSleep(why:)`` does its delay lock on sleep.
    package func inhibit(_ lock: InhibitLock, why: String) async -> Result<SleepInhibitor, SensorError> {
        let (sleep, slot) = (hub.sleep, slot)
        return await withCheckedContinuation { continuation in
            guard let id = sleep.wait(continuation) else { return }
            thread.invoke {
                guard let session = slot.session else { return sleep.answer(id, with: .failure(.stopped)) }
                session.inhibit((lock, why, { sleep.answer(id, with: $0) }))
            }
        }
    }

    /// logind's `InhibitDelayMaxUSec`, read when logind appears: how long it waits for delay
    /// locks before it suspends anyway. Nil when unknown (no logind, or it does not say).
    package func inhibitDelayMax() -> Duration? { hub.sleep.delayMax }

    /// Stops the clients and the thread; readings turn unknown, change and sleep streams end, and
    /// pending ``inhibitSleep(why:)`` calls fail with ``SensorError/stopped``.
    package func stop() {
        hub.close()
        thread.stop()
    }

    /// Leaves the clients and their thread running for the rest of the process, which is about
    /// to exit (a one-shot command such as `why-not`): the exit closes the bus connections, and
    /// an orderly ``stop()`` would wait for libnm's clean-ups on the thread first.
    package func leaveForExit() { thread.abandon() }

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
