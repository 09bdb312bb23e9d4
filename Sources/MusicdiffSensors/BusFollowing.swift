/// What a client of a service holds on the bus while it follows the service: its signal
/// subscriptions, and the generation its calls' replies must still be in to be used. Dropping
/// the subscriptions starts a new generation, so that replies to calls made before are
/// dropped too: the one bookkeeping of ``LogindClient``, ``LogindSleepClient``,
/// ``BusySignClient`` and ``PowerProfilesClient``.
struct BusFollowing {
    private var subscriptions: [UInt32] = []
    /// Bumped by ``drop(from:)`` and ``newGeneration()``.
    private(set) var generation = 0

    /// Ends every subscription and starts a new generation.
    mutating func drop(from bus: SystemBus) {
        generation += 1
        subscriptions.forEach(bus.unsubscribe)
        subscriptions = []
    }

    /// Keeps `subscription`, to be ended by the next ``drop(from:)``.
    mutating func keep(_ subscription: UInt32) {
        subscriptions.append(subscription)
    }

    /// Starts a new generation (for a fresh read, whose replies replace earlier ones') and
    /// returns it.
    mutating func newGeneration() -> Int {
        generation += 1
        return generation
    }
}

/// One `org.freedesktop.DBus.Properties.PropertiesChanged` signal.
struct PropertiesChange {
    /// The object whose properties changed.
    let path: String
    /// The interface the properties belong to.
    let interface: String?
    /// The properties that changed, with their new values.
    let changed: [String: BusValue]
    /// The properties that changed without their new values being sent.
    let invalidated: [String]

    /// Whether `property` changed, its new value sent or not.
    func touches(_ property: String) -> Bool {
        changed[property] != nil || invalidated.contains(property)
    }
}

extension SystemBus {
    /// Subscribes to `sender`'s `PropertiesChanged` signals, of the object at `path` or (nil)
    /// of any.
    func subscribeProperties(
        sender: String,
        path: String? = nil,
        _ handler: @escaping (PropertiesChange) -> Void
    ) -> UInt32 {
        subscribe(
            sender: sender,
            interface: "org.freedesktop.DBus.Properties",
            member: "PropertiesChanged",
            path: path
        ) { path, _, _, arguments in
            handler(
                PropertiesChange(
                    path: path,
                    interface: arguments[0]?.string,
                    changed: arguments[1]?.entries ?? [:],
                    invalidated: arguments[2]?.elements.compactMap(\.string) ?? []
                )
            )
        }
    }
}
