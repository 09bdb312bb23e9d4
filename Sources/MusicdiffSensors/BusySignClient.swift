import MusicdiffCore

/// A busy sign that a D-Bus service tells (``GameModeClient``: GameMode's games,
/// ``IdleInhibitorsClient``: other programs' idle locks): read when the service appears and
/// again when one property of one object changes; unknown while the service is gone. Lives on
/// the GLib thread.
final class BusySignClient: ServiceClient {
    /// Where the sign comes from and how it is read.
    struct Source: Sendable {
        /// The kind of busy it tells.
        let kind: BusyKind
        /// The service's well-known name, and how its failures are named (`GameMode`).
        let service: String
        let label: String
        /// The object whose property changes, and the property.
        let path: String
        let property: String
        /// The call that reads the sign: interface, method and string arguments.
        let interface: String
        let method: String
        let arguments: [String]
        /// The sign a reply makes.
        let sign: @Sendable (BusValue) -> BusySign
        /// The sign a `PropertiesChanged` value of the property makes by itself, when it does
        /// (nil: the call reads it again).
        let signalled: (@Sendable (BusValue) -> BusySign?)?
    }

    private let hub: SensorHub
    private let source: Source
    let bus: SystemBus
    var service: String { source.service }
    var watch: UInt32 = 0
    /// The `PropertiesChanged` subscription; a new generation on every read and on vanishing,
    /// so that late replies are dropped.
    private var following = BusFollowing()

    init(hub: SensorHub, bus: SystemBus, source: Source) {
        self.hub = hub
        self.bus = bus
        self.source = source
    }

    /// Stops watching.
    func close() {
        following.drop(from: bus)
        bus.unwatch(watch)
    }

    func appeared() {
        following.drop(from: bus)
        let property = source.property
        let subscription = bus.subscribeProperties(sender: source.service, path: source.path) {
            [weak self] change in
            guard let self else { return }
            if let changed = change.changed[property], let sign = source.signalled?(changed) {
                hub.set(source.kind, sign)
            } else if change.touches(property) {
                read(attempts: 1)
            }
        }
        following.keep(subscription)
        read(attempts: 60)
    }

    func vanished() {
        following.drop(from: bus)
        hub.set(source.kind, .unknown("\(source.label) is not running"))
    }

    /// Reads the sign; the service may own its name a moment before it answers, so a failure
    /// is tried again, `attempts` times in all.
    private func read(attempts: Int) {
        let generation = following.newGeneration()
        bus.call(
            source.service,
            source.path,
            source.interface,
            source.method,
            source.arguments,
            attempts: attempts,
            while: { [weak self] in self?.following.generation == generation }
        ) { [weak self] reply in
            guard let self else { return }
            switch reply {
            case .success(let value): hub.set(source.kind, source.sign(value))
            case .failure(let error): hub.set(source.kind, .unknown("\(source.label): \(error.message)"))
            }
        }
    }
}
