import CGio
import Glibc
import MusicdiffCore

/// Feral GameMode's `ClientCount` on the session bus (`com.feralinteractive.GameMode`, object
/// `/com/feralinteractive/GameMode`), re-read on its `PropertiesChanged`, through a
/// ``BusySignClient``: a game holds the user busy while it has clients. Its own connection, on
/// the GLib thread; without a session bus or the service, the reading is unknown.
enum GameModeClient {
    static let name = "com.feralinteractive.GameMode"
    static let path = "/com/feralinteractive/GameMode"

    /// Connects to the session bus that `DBUS_SESSION_BUS_ADDRESS` (or
    /// `$XDG_RUNTIME_DIR/bus`) names and starts following GameMode there; without one, says
    /// so. Never autolaunches a bus. `started` gets the client, whose ``BusySignClient/bus``
    /// is this connection of its own, to close later.
    static func start(
        hub: SensorHub,
        thread: GLibThread,
        cancellable: UnsafeMutablePointer<GCancellable>,
        started: @escaping (BusySignClient) -> Void
    ) {
        let address = getenv("DBUS_SESSION_BUS_ADDRESS").map { String(cString: $0) } ?? ""
        let runtime = getenv("XDG_RUNTIME_DIR").map { String(cString: $0) + "/bus" }
        guard !address.isEmpty || runtime.map({ access($0, F_OK) == 0 }) == true else {
            return hub.set(.gamemode, .unknown("no session bus (DBUS_SESSION_BUS_ADDRESS is not set)"))
        }
        SystemBus.connect(G_BUS_TYPE_SESSION, on: thread, cancellable: cancellable) { result in
            switch result {
            case .failure(let error): hub.set(.gamemode, .unknown("no session bus: \(error.message)"))
            case .success(let bus):
                let client = BusySignClient(hub: hub, bus: bus, source: source)
                client.start()
                started(client)
            }
        }
    }

    /// GameMode's `ClientCount`, read with `Properties.Get` or given by its change signal.
    private static let source = BusySignClient.Source(
        kind: .gamemode,
        service: name,
        label: "GameMode",
        path: path,
        property: "ClientCount",
        interface: "org.freedesktop.DBus.Properties",
        method: "Get",
        arguments: [name, "ClientCount"],
        sign: { value in
            value[0]?.uint.map(sign) ?? .unknown("GameMode's ClientCount is not a count")
        },
        signalled: { $0.uint.map(sign) }
    )

    private static func sign(_ count: UInt64) -> BusySign {
        count > 0 ? .inUse("GameMode: \(count) game\(count == 1 ? "" : "s") running") : .free
    }
}
