import Glibc
import MusicdiffCore

/// Follows other programs' logind `block` inhibitors on `idle` (a video player, a call, a
/// presentation), through ``SystemBus``: `ListInhibitors()` read when logind appears and
/// again each time its `BlockInhibited` property changes. musicdiff's own locks (the daemon's
/// sleep delay lock, `keep_awake`'s idle lock) do not count. Lives on the GLib thread.
final class IdleInhibitorsClient: ServiceClient {
    private let hub: SensorHub
    let bus: SystemBus
    var service: String { LogindClient.name }
    var watch: UInt32 = 0
    private var subscription: UInt32?
    /// Bumped on every read and on vanishing, so that late replies are dropped.
    private var generation = 0
    private let pid = UInt64(getpid())

    init(hub: SensorHub, bus: SystemBus) {
        self.hub = hub
        self.bus = bus
    }

    /// Stops watching.
    func close() {
        generation += 1
        subscription.map(bus.unsubscribe)
        bus.unwatch(watch)
    }

    func appeared() {
        subscription.map(bus.unsubscribe)
        subscription = bus.subscribe(
            sender: LogindClient.name,
            interface: "org.freedesktop.DBus.Properties",
            member: "PropertiesChanged",
            path: LogindClient.managerPath
        ) { [weak self] _, _, _, arguments in
            let changed = arguments[1]?.entries["BlockInhibited"] != nil
            let invalidated = arguments[2]?.elements.contains { $0.string == "BlockInhibited" } == true
            if changed || invalidated { self?.read(attempts: 1) }
        }
        read(attempts: 60)
    }

    func vanished() {
        generation += 1
        subscription.map(bus.unsubscribe)
        subscription = nil
        hub.set(.idleInhibitor, .unknown("logind is not running"))
    }

    /// Reads the inhibitors; logind may own its name a moment before it answers, so a
    /// failure is tried again, `attempts` times in all.
    private func read(attempts: Int) {
        generation += 1
        let generation = generation
        bus.call(
            LogindClient.name,
            LogindClient.managerPath,
            LogindClient.managerInterface,
            "ListInhibitors",
            attempts: attempts,
            while: { [weak self] in self?.generation == generation }
        ) { [weak self] reply in
            guard let self else { return }
            switch reply {
            case .success(let value): hub.set(.idleInhibitor, sign(value[0]?.elements ?? []))
            case .failure(let error): hub.set(.idleInhibitor, .unknown("logind: \(error.message)"))
            }
        }
    }

    /// In use when another program holds a block lock on idle: `Firefox: video playing`
    /// (who: why), each such program named.
    private func sign(_ inhibitors: [BusValue]) -> BusySign {
        // Each is (what, who, why, mode, uid, pid); `what` lists locks with colons.
        let holders = inhibitors.compactMap { lock -> String? in
            let what = lock[0]?.string?.split(separator: ":") ?? []
            guard what.contains("idle"), lock[3]?.string == "block" else { return nil }
            let who = lock[1]?.string ?? "?"
            guard who != "musicdiff", lock[5]?.uint != pid else { return nil }
            let why = lock[2]?.string ?? ""
            return why.isEmpty ? who : "\(who): \(why)"
        }
        return holders.isEmpty ? .free : .inUse(holders.joined(separator: "; "))
    }
}
