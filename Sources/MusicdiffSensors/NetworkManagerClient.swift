import CGio
import CLibNM
import MusicdiffCore

/// Follows NetworkManager through libnm: running or not, global metered state, the primary
/// connection's type and Wi-Fi SSID, and connectivity. Every libnm call of the sensors is here.
/// libnm itself follows NetworkManager appearing and vanishing; it keeps stale values after it
/// vanishes, so `nm-running` is checked first. Lives on the GLib thread.
final class NetworkManagerClient {
    /// The properties whose change is re-read.
    private static let watched = [
        "nm-running", "metered", "primary-connection", "connectivity", "active-connections",
    ]

    private let hub: SensorHub
    private let cancellable = g_cancellable_new()!
    private var client: OpaquePointer?
    private var handlers: [gulong] = []
    /// libnm's marker that lives until its clean-ups on the context are done.
    private var busy = false

    init(hub: SensorHub) {
        self.hub = hub
    }

    deinit { g_object_unref(cancellable) }

    /// Creates the libnm client on `connection` (a `GDBusConnection *`) without blocking.
    func start(connection: OpaquePointer) {
        typealias Created = (OpaquePointer?, BusError?) -> Void
        let box = CallbackBox<Created> { [weak self] client, error in
            guard let self, let client else {
                self?.hub.set(
                    network: .unknown(
                        reason: "NetworkManager client failed: \(error?.message ?? "no reason")"
                    )
                )
                return
            }
            attach(client)
        }
        musicdiff_nm_client_new_async(
            connection,
            cancellable,
            { _, result, data in
                var error: UnsafeMutablePointer<GError>?
                let client = nm_client_new_finish(result, &error)
                Unmanaged<CallbackBox<Created>>.fromOpaque(data!).takeRetainedValue().body(
                    client,
                    take(error)
                )
            },
            Unmanaged.passRetained(box).toOpaque()
        )
    }

    /// Drops the client; `isDrained` then says when libnm is done with the context.
    func close() {
        g_cancellable_cancel(cancellable)
        guard let client else { return }
        handlers.forEach { g_signal_handler_disconnect(UnsafeMutableRawPointer(client), $0) }
        handlers = []
        if let watcher = nm_client_get_context_busy_watcher(client) {
            busy = true
            g_object_weak_ref(
                watcher,
                { data, _ in
                    Unmanaged<NetworkManagerClient>.fromOpaque(data!).takeRetainedValue().busy = false
                },
                Unmanaged.passRetained(self).toOpaque()
            )
        }
        g_object_unref(UnsafeMutableRawPointer(client))
        self.client = nil
    }

    /// Whether libnm's clean-ups after ``close()`` have run.
    var isDrained: Bool { !busy }

    private func attach(_ client: OpaquePointer) {
        self.client = client
        let notify:
            @convention(c) (UnsafeMutableRawPointer?, UnsafeMutableRawPointer?, UnsafeMutableRawPointer?) ->
                Void
        notify = { _, _, data in
            Unmanaged<NetworkManagerClient>.fromOpaque(data!).takeUnretainedValue().refresh()
        }
        for property in Self.watched {
            handlers.append(
                g_signal_connect_data(
                    UnsafeMutableRawPointer(client),
                    "notify::" + property,
                    unsafeBitCast(notify, to: GCallback.self),
                    Unmanaged.passUnretained(self).toOpaque(),
                    nil,
                    GConnectFlags(0)
                )
            )
        }
        refresh()
    }

    /// Publishes the client's current values.
    private func refresh() {
        guard let client else { return }
        guard nm_client_get_nm_running(client) != 0 else {
            return hub.set(network: .unknown(reason: "NetworkManager is not running"))
        }
        var kind = NetworkState.Kind.none
        var ssid: String?
        if let primary = nm_client_get_primary_connection(client) {
            let type = nm_active_connection_get_connection_type(primary).map { String(cString: $0) } ?? ""
            kind = Self.kind(type)
            if kind == .wifi { ssid = Self.ssid(of: primary) }
        }
        let reading = NetworkState(
            metered: Self.metered(nm_client_get_metered(client).rawValue),
            primary: kind,
            ssid: ssid,
            connectivity: Self.connectivity(nm_client_get_connectivity(client).rawValue),
            source: "NetworkManager"
        )
        hub.set(network: .known(reading))
    }

    /// The SSID in the active connection's 802-11-wireless setting.
    private static func ssid(of active: OpaquePointer) -> String? {
        guard let connection = nm_active_connection_get_connection(active),
            let setting = nm_connection_get_setting_wireless(connection),
            let bytes = nm_setting_wireless_get_ssid(setting)
        else { return nil }
        var size = 0
        guard let data = g_bytes_get_data(bytes, &size) else { return nil }
        return String(decoding: UnsafeRawBufferPointer(start: data, count: size), as: UTF8.self)
    }

    /// A NetworkManager connection type as a kind.
    static func kind(_ type: String) -> NetworkState.Kind {
        switch type {
        case "802-11-wireless": .wifi
        case "802-3-ethernet": .ethernet
        case "": .none
        default: .other(type)
        }
    }

    /// `NMMetered` as the core's value.
    static func metered(_ raw: UInt32) -> NetworkState.Metered {
        switch raw {
        case 1: .yes
        case 2: .no
        case 3: .guessYes
        case 4: .guessNo
        default: .unknown
        }
    }

    /// `NMConnectivityState` as the core's value.
    static func connectivity(_ raw: UInt32) -> NetworkState.Connectivity {
        switch raw {
        case 1: .none
        case 2: .portal
        case 3: .limited
        case 4: .full
        default: .unknown
        }
    }
}
