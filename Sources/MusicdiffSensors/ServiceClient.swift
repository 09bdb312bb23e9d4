/// A client of one D-Bus service, living on the GLib thread, that follows the service as it
/// appears and vanishes: the one start-up of ``LogindClient``, ``LogindSleepClient``,
/// ``UPowerClient`` and ``BusySignClient`` (``PowerProfilesClient`` follows two names at once).
protocol ServiceClient: AnyObject {
    /// The service's well-known name.
    var service: String { get }
    /// The bus it is on.
    var bus: SystemBus { get }
    /// The name watch, once started.
    var watch: UInt32 { get set }
    /// The service has an owner (at start, or again).
    func appeared()
    /// The service has no owner (at start, or any more).
    func vanished()
}

extension ServiceClient {
    /// Starts watching the service: ``appeared()`` or ``vanished()`` is called at once, then on
    /// each change of its owner.
    func start() {
        watch = bus.watch(
            name: service,
            appeared: { [weak self] in self?.appeared() },
            vanished: { [weak self] in self?.vanished() }
        )
    }
}
