import CGio

/// The D-Bus clients of one ``DBusSensors``, on its GLib thread: connects to the system bus,
/// then starts the NetworkManager, UPower and logind clients on it. Without a bus, or when the
/// bus goes away, every reading says so.
final class SensorSession {
    private let hub: SensorHub
    private let thread: GLibThread
    /// Cancels connecting to the bus.
    private let connecting = g_cancellable_new()!
    private var bus: SystemBus?
    private var network: NetworkManagerClient?
    private var upower: UPowerClient?
    private var logind: LogindClient?
    private var closed = false

    private init(hub: SensorHub, thread: GLibThread) {
        self.hub = hub
        self.thread = thread
    }

    deinit { g_object_unref(connecting) }

    /// Starts the session on `thread` (call from it); returns how to end it.
    static func start(hub: SensorHub, thread: GLibThread) -> GLibThread.Teardown {
        let session = SensorSession(hub: hub, thread: thread)
        SystemBus.connect(on: thread, cancellable: session.connecting) { [weak session] result in
            guard let session, !session.closed else { return }
            switch result {
            case .failure(let error): session.noBus("no system bus: \(error.message)")
            case .success(let bus): session.started(on: bus)
            }
        }
        return GLibThread.Teardown(
            release: { session.close() },
            isDrained: { session.network?.isDrained ?? true }
        )
    }

    private func started(on bus: SystemBus) {
        self.bus = bus
        bus.onClosed { [weak self] in
            self?.closeClients()
            self?.noBus("the system bus connection closed")
        }
        network = NetworkManagerClient(hub: hub)
        network?.start(connection: bus.connection)
        upower = UPowerClient(hub: hub, bus: bus)
        upower?.start()
        logind = LogindClient(hub: hub, bus: bus)
        logind?.start()
    }

    /// Every reading unknown for `reason`; the battery falls back to `/sys`.
    private func noBus(_ reason: String) {
        hub.set(network: .unknown(reason: reason))
        hub.set(battery: .fallback(reason: reason))
        hub.set(idle: .unknown(reason: reason))
    }

    private func closeClients() {
        logind?.close()
        upower?.close()
        network?.close()
        bus?.close()
        (logind, upower) = (nil, nil)
    }

    private func close() {
        closed = true
        g_cancellable_cancel(connecting)
        closeClients()
    }
}
