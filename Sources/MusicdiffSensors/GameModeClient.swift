import CGio
import Glibc
import MusicdiffCore

/// Follows Feral GameMode's `ClientCount` on the session bus (`com.feralinteractive.GameMode`,
/// object `/com/feralinteractive/GameMode`), re-read on its `PropertiesChanged`: a game holds
/// the user busy while it has clients. Its own connection, on the GLib thread; without a
/// session bus or the service, the reading is unknown.
final class GameModeClient: ServiceClient {
    static let name = "com.feralinteractive.GameMode"
    static let path = "/com/feralinteractive/GameMode"

    private let hub: SensorHub
    let bus: SystemBus
    var service: String { Self.name }
    var watch: UInt32 = 0
    private var subscription: UInt32?
    /// Bumped on every read and on vanishing, so that late replies are dropped.
    private var generation = 0

    private init(hub: SensorHub, bus: SystemBus) {
        self.hub = hub
        self.bus = bus
    }

    /// Connects to the session bus that `DBUS_SESSION_BUS_ADDRESS` (or
    /// `$XDG_RUNTIME_DIR/bus`) names and starts following GameMode there; without one, says
    /// so. Never autolaunches a bus. `started` gets the client to close later.
    static func start(
        hub: SensorHub,
        thread: GLibThread,
        cancellable: UnsafeMutablePointer<GCancellable>,
        started: @escaping (GameModeClient) -> Void
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
                let client = GameModeClient(hub: hub, bus: bus)
                client.start()
                started(client)
            }
        }
    }

    /// Stops watching and closes the connection.
    func close() {
        generation += 1
        subscription.map(bus.unsubscribe)
        bus.unwatch(watch)
        bus.close()
    }

    func appeared() {
        subscription.map(bus.unsubscribe)
        subscription = bus.subscribe(
            sender: Self.name,
            interface: "org.freedesktop.DBus.Properties",
            member: "PropertiesChanged",
            path: Self.path
        ) { [weak self] _, _, _, arguments in
            if let count = arguments[1]?.entries["ClientCount"]?.uint {
                self?.publish(count)
            } else if arguments[2]?.elements.contains(where: { $0.string == "ClientCount" }) == true {
                self?.read(attempts: 1)
            }
        }
        read(attempts: 60)
    }

    func vanished() {
        generation += 1
        subscription.map(bus.unsubscribe)
        subscription = nil
        hub.set(.gamemode, .unknown("GameMode is not running"))
    }

    /// Reads `ClientCount`; the service may own its name a moment before it answers, so a
    /// failure is tried again, `attempts` times in all.
    private func read(attempts: Int) {
        generation += 1
        let generation = generation
        bus.call(
            Self.name,
            Self.path,
            "org.freedesktop.DBus.Properties",
            "Get",
            [Self.name, "ClientCount"],
            attempts: attempts,
            while: { [weak self] in self?.generation == generation }
        ) { [weak self] reply in
            guard let self else { return }
            switch reply {
            case .success(let value):
                guard let count = value[0]?.uint else {
                    return hub.set(.gamemode, .unknown("GameMode's ClientCount is not a count"))
                }
                publish(count)
            case .failure(let error): hub.set(.gamemode, .unknown("GameMode: \(error.message)"))
            }
        }
    }

    private func publish(_ count: UInt64) {
        hub.set(
            .gamemode,
            count > 0 ? .inUse("GameMode: \(count) game\(count == 1 ? "" : "s") running") : .free
        )
    }
}
