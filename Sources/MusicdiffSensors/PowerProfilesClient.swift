import MusicdiffCore

/// Follows power-profiles-daemon's `ActiveProfile` through ``SystemBus``: on
/// `org.freedesktop.UPower.PowerProfiles` (power-profiles-daemon 0.20 and later) when that name
/// has an owner, else on `net.hadess.PowerProfiles` (Debian 12's), re-read on its
/// `PropertiesChanged` signal. Without either, the reading is unknown. Lives on the GLib thread.
final class PowerProfilesClient {
    /// A name the daemon may own, and the object and interface it serves under it.
    struct Name {
        let service: String
        let path: String
    }

    /// The names, the preferred first (the interface is named as the service).
    static let names = [
        Name(service: "org.freedesktop.UPower.PowerProfiles", path: "/org/freedesktop/UPower/PowerProfiles"),
        Name(service: "net.hadess.PowerProfiles", path: "/net/hadess/PowerProfiles"),
    ]
    /// How the reading's source names the daemon.
    static let source = "power-profiles-daemon"

    private let hub: SensorHub
    private let bus: SystemBus
    private var watches: [UInt32] = []
    /// The indexes into ``names`` that have an owner.
    private var owned: Set<Int> = []
    /// The indexes into ``names`` whose watch has answered.
    private var answered: Set<Int> = []
    /// Whether a name has been chosen (or none) since both watches answered.
    private var decided = false
    /// The index of the name followed, if any.
    private var followed: Int?
    /// The `PropertiesChanged` subscription; a new generation on every change of the name
    /// followed, so that late replies are dropped.
    private var following = BusFollowing()

    init(hub: SensorHub, bus: SystemBus) {
        self.hub = hub
        self.bus = bus
    }

    /// Watches both names; the reading follows the preferred one that has an owner.
    func start() {
        watches = Self.names.indices.map { index in
            bus.watch(
                name: Self.names[index].service,
                appeared: { [weak self] in self?.owner(index, present: true) },
                vanished: { [weak self] in self?.owner(index, present: false) }
            )
        }
    }

    /// Stops watching.
    func close() {
        following.drop(from: bus)
        watches.forEach(bus.unwatch)
    }

    private func owner(_ index: Int, present: Bool) {
        if present { owned.insert(index) } else { owned.remove(index) }
        answered.insert(index)
        // Both watches answer at start: decide once both have, then on each change.
        guard answered.count == Self.names.count else { return }
        let preferred = Self.names.indices.first(where: owned.contains)
        guard !decided || preferred != followed else { return }
        decided = true
        follow(preferred)
    }

    private func follow(_ index: Int?) {
        following.drop(from: bus)
        followed = index
        guard let index else {
            return hub.set(powerProfile: .unknown(reason: "power-profiles-daemon is not running"))
        }
        let name = Self.names[index]
        let subscription = bus.subscribeProperties(sender: name.service, path: name.path) {
            [weak self] change in
            guard change.interface == name.service else { return }
            if let profile = change.changed["ActiveProfile"]?.string {
                self?.publish(profile)
            } else if change.invalidated.contains("ActiveProfile") {
                self?.read(attempts: 1)
            }
        }
        following.keep(subscription)
        read(attempts: 60)
    }

    /// Reads `ActiveProfile`; the daemon may own its name a moment before it answers, so a
    /// failure is retried `attempts` times, 25 ms apart (``SystemBus/waitUntilAnswering``).
    private func read(attempts: Int) {
        guard let index = followed else { return }
        let name = Self.names[index]
        let generation = following.generation
        bus.waitUntilAnswering(
            name.service,
            name.path,
            name.service,
            property: "ActiveProfile",
            attempts: attempts
        ) {
            [weak self] reply in
            guard let self, generation == self.following.generation else { return }
            switch reply {
            case .success(let value):
                guard let profile = value[0]?.string, !profile.isEmpty else {
                    return hub.set(powerProfile: .unknown(reason: "\(Self.source) names no active profile"))
                }
                publish(profile)
            case .failure(let error):
                hub.set(powerProfile: .unknown(reason: "\(Self.source): \(error.message)"))
            }
        }
    }

    private func publish(_ profile: String) {
        hub.set(powerProfile: .known(PowerProfileState(profile: profile, source: Self.source)))
    }
}
