import CGio
import CUPower
import MusicdiffCore

/// Follows UPower through libupower-glib: on-battery, and the display device's percentage and
/// state. Every upower-glib call of the sensors is here. The client is created when UPower's
/// name appears on the bus and dropped when it vanishes, so no value outlives the daemon.
/// Lives on the GLib thread.
final class UPowerClient: ServiceClient {
    static let name = "org.freedesktop.UPower"

    private let hub: SensorHub
    let bus: SystemBus
    var service: String { Self.name }
    var watch: UInt32 = 0
    /// Bumped whenever UPower appears or vanishes, so that late results are dropped.
    private var generation = 0
    private var client: UnsafeMutablePointer<UpClient>?
    private var device: UnsafeMutablePointer<UpDevice>?
    private var handlers: [(UnsafeMutableRawPointer, gulong)] = []
    /// For a command's one look: the client is made on a worker thread (its changes are then
    /// not followed).
    private let worker: Bool

    init(hub: SensorHub, bus: SystemBus, worker: Bool = false) {
        self.hub = hub
        self.bus = bus
        self.worker = worker
    }

    /// Stops watching and drops the client.
    func close() {
        bus.unwatch(watch)
        drop()
    }

    func appeared() {
        drop()
        // One look has no time for a probe first: the client's creation fails if UPower
        // does not answer, and the battery then falls back to `/sys` saying so.
        if worker { return createInWorker() }
        let generation = generation
        bus.waitUntilAnswering(Self.name, "/org/freedesktop/UPower", Self.name, property: "DaemonVersion") {
            [weak self] reply in
            guard let self, generation == self.generation else { return }
            guard case .success = reply else {
                return hub.set(battery: .fallback(reason: "UPower does not answer"))
            }
            create()
        }
    }

    func vanished() {
        drop()
        hub.set(battery: .fallback(reason: "UPower is not running"))
    }

    /// Creates the client and its display device. upower-glib's async creation runs the
    /// sync one in a worker thread, whose proxy then signals on the wrong main context, so it is
    /// created here, on the GLib thread, once UPower has answered: a moment's block of this
    /// thread, never of the sensors' callers. A command's one look needs no signal, and
    /// takes the async creation: its round trips (a connection of its own, five calls) then
    /// overlap NetworkManager's and logind's first fetches instead of holding them up.
    private func create() {
        var error: UnsafeMutablePointer<GError>?
        guard let client = up_client_new_full(nil, &error) else {
            let reason = take(error)?.message ?? "no reason"
            return hub.set(battery: .fallback(reason: "UPower client failed: \(reason)"))
        }
        attach(client)
    }

    /// The async creation, its result delivered on this thread; a late one is dropped.
    private func createInWorker() {
        typealias Created = (UnsafeMutablePointer<UpClient>?, BusError?) -> Void
        let generation = generation
        let box = CallbackBox<Created> { [weak self] client, error in
            guard let self, generation == self.generation else {
                if let client { g_object_unref(client) }
                return
            }
            guard let client else {
                return hub.set(
                    battery: .fallback(reason: "UPower client failed: \(error?.message ?? "no reason")")
                )
            }
            attach(client)
        }
        up_client_new_async(
            nil,
            { _, result, data in
                var error: UnsafeMutablePointer<GError>?
                let client = up_client_new_finish(result, &error)
                Unmanaged<CallbackBox<Created>>.fromOpaque(data!).takeRetainedValue().body(
                    client,
                    take(error)
                )
            },
            Unmanaged.passRetained(box).toOpaque()
        )
    }

    /// Keeps `client` and its display device, and follows their property changes.
    private func attach(_ client: UnsafeMutablePointer<UpClient>) {
        self.client = client
        device = up_client_get_display_device(client)
        let notify:
            @convention(c) (UnsafeMutableRawPointer?, UnsafeMutableRawPointer?, UnsafeMutableRawPointer?) ->
                Void
        notify = { _, _, data in Unmanaged<UPowerClient>.fromOpaque(data!).takeUnretainedValue().refresh() }
        let instances =
            [UnsafeMutableRawPointer(client)] + (device.map { [UnsafeMutableRawPointer($0)] } ?? [])
        for instance in instances {
            let id = g_signal_connect_data(
                instance,
                "notify",
                unsafeBitCast(notify, to: GCallback.self),
                Unmanaged.passUnretained(self).toOpaque(),
                nil,
                GConnectFlags(0)
            )
            handlers.append((instance, id))
        }
        refresh()
    }

    /// Publishes the client's current values.
    private func refresh() {
        guard let client else { return }
        var percentage = 0.0
        var state: guint = 0
        var present: gboolean = 0
        if let device { musicdiff_up_device_read(device, &percentage, &state, &present) }
        let word =
            present != 0 ? up_device_state_to_string(UpDeviceState(state)).map { String(cString: $0) } : nil
        var percent: Double?
        if present != 0 {
            switch OutsideNumber.batteryPercent.check(percentage) {
            case .success(let checked): percent = checked
            case .failure(let rejection):
                return hub.set(battery: .upower(.unknown(reason: rejection.reason(from: "UPower"))))
            }
        }
        let reading = BatteryState(
            onBattery: up_client_get_on_battery(client) != 0,
            percent: percent,
            state: word,
            source: "UPower"
        )
        hub.set(battery: .upower(.known(reading)))
    }

    /// Forgets the client: disconnects and releases the objects.
    private func drop() {
        generation += 1
        handlers.forEach { g_signal_handler_disconnect($0.0, $0.1) }
        handlers = []
        if let device { g_object_unref(device) }
        if let client { g_object_unref(client) }
        (device, client) = (nil, nil)
    }
}
