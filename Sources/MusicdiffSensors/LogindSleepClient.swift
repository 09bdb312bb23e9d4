/// Follows systemd-logind's suspend side, through ``SystemBus``: its `PrepareForSleep` signal
/// (re-subscribed each time logind appears), its `InhibitDelayMaxUSec`, and takes delay locks
/// on sleep. Lives on the GLib thread, beside ``LogindClient``.
final class LogindSleepClient: ServiceClient {
    private let hub: SleepHub
    let bus: SystemBus
    var service: String { LogindClient.name }
    var watch: UInt32 = 0
    /// The `PrepareForSleep` subscription; a new generation on appearing and vanishing, so
    /// that late replies are dropped.
    private var following = BusFollowing()
    /// Whether logind owns its name: nil until the watch first says.
    private var running: Bool?
    /// Inhibitor requests made before the watch first said whether logind runs.
    private var waiting: [SensorSession.InhibitRequest] = []

    init(hub: SleepHub, bus: SystemBus) {
        self.hub = hub
        self.bus = bus
    }

    /// Stops watching. Locks already handed out stay held until their owners release them.
    func close() {
        waiting.forEach { $0.answer(.failure(.stopped)) }
        waiting = []
        following.drop(from: bus)
        bus.unwatch(watch)
    }

    /// Asks logind for a lock, `Inhibit(what, "musicdiff", why, mode)` (a delay lock on sleep,
    /// or a block lock on idle); the request's answer gets the lock (its descriptor from the
    /// reply's fd list) or why there is none.
    func inhibit(_ request: SensorSession.InhibitRequest) {
        guard let running else { return waiting.append(request) }
        let completion = request.answer
        guard running else {
            return completion(.failure(.logindUnavailable(reason: "logind is not running")))
        }
        bus.callReceivingDescriptors(
            LogindClient.name,
            LogindClient.managerPath,
            LogindClient.managerInterface,
            "Inhibit",
            [request.lock.what, "musicdiff", request.why, request.lock.mode],
            5000
        ) { reply in
            completion(Self.inhibitor(from: reply))
        }
    }

    /// The lock in an `Inhibit` reply (`(h)`: an index into the descriptors); other descriptors
    /// are closed.
    private static func inhibitor(
        from reply: Result<(BusValue, [Int32]), BusError>
    ) -> Result<SleepInhibitor, SensorError> {
        switch reply {
        case .failure(let error) where Self.absence.contains(where: error.message.contains):
            return .failure(.logindUnavailable(reason: "logind is not running"))
        case .failure(let error): return .failure(.logindRefused(reason: "logind: \(error.message)"))
        case .success(let (value, descriptors)):
            let index = value[0]?.uint.map(Int.init) ?? -1
            var lock: SleepInhibitor?
            for (position, descriptor) in descriptors.enumerated() where descriptor >= 0 {
                let inhibitor = SleepInhibitor(descriptor: descriptor)
                if position == index { lock = inhibitor } else { inhibitor.release() }
            }
            guard let lock else {
                return .failure(.logindRefused(reason: "logind answered Inhibit without a file descriptor"))
            }
            return .success(lock)
        }
    }

    /// The D-Bus errors that mean nobody owns logind's name.
    private static let absence = [
        "org.freedesktop.DBus.Error.ServiceUnknown", "org.freedesktop.DBus.Error.NameHasNoOwner",
    ]

    /// Answers the requests that waited for the watch.
    private func flushWaiting() {
        let requests = waiting
        waiting = []
        requests.forEach(inhibit)
    }

    func appeared() {
        following.drop(from: bus)
        running = true
        let subscription = bus.subscribe(
            sender: LogindClient.name,
            interface: LogindClient.managerInterface,
            member: "PrepareForSleep",
            path: LogindClient.managerPath
        ) { [weak self] _, _, _, arguments in
            guard let starting = arguments[0]?.bool else { return }
            self?.hub.publish(starting ? .preparing : .resumed)
        }
        following.keep(subscription)
        readDelayMax(attempts: 60, generation: following.generation)
        flushWaiting()
    }

    func vanished() {
        following.drop(from: bus)
        running = false
        hub.set(delayMax: nil)
        flushWaiting()
    }

    /// Reads the manager's properties for `InhibitDelayMaxUSec`. logind may own its name a
    /// moment before it answers (an empty or failed reply): retried `attempts` times.
    private func readDelayMax(attempts: Int, generation: Int) {
        bus.call(
            LogindClient.name,
            LogindClient.managerPath,
            "org.freedesktop.DBus.Properties",
            "GetAll",
            [LogindClient.managerInterface]
        ) { [weak self] reply in
            guard let self, generation == self.following.generation else { return }
            let properties = (try? reply.get())?[0]?.entries ?? [:]
            guard properties.isEmpty, attempts > 1 else {
                return hub.set(delayMax: properties["InhibitDelayMaxUSec"]?.uint.map { .microseconds($0) })
            }
            bus.thread.after(milliseconds: 25) { [weak self] in
                if let self, generation == self.following.generation {
                    readDelayMax(attempts: attempts - 1, generation: generation)
                }
            }
        }
    }
}
