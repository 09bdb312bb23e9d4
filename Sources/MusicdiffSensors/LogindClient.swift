import Foundation
import MusicdiffCore

/// Follows systemd-logind's idle hint for the current user, through ``SystemBus``: the user's
/// graphical active session (else any of their sessions, else the manager), re-picked when
/// sessions come and go. Lives on the GLib thread.
final class LogindClient: ServiceClient {
    static let name = "org.freedesktop.login1"
    static let managerPath = "/org/freedesktop/login1"
    static let managerInterface = "org.freedesktop.login1.Manager"
    static let sessionInterface = "org.freedesktop.login1.Session"

    /// The object whose idle hint is read, and its latest values.
    private struct Source {
        var path: String
        var label: String
        var idleHint: Bool
        var idleSince: UInt64
    }

    private let hub: SensorHub
    let bus: SystemBus
    var service: String { Self.name }
    private let uid = UInt64(getuid())
    var watch: UInt32 = 0
    /// The signal subscriptions; a new generation on every refresh and on vanishing, so that
    /// late replies are dropped.
    private var following = BusFollowing()
    private var source: Source?

    init(hub: SensorHub, bus: SystemBus) {
        self.hub = hub
        self.bus = bus
    }

    /// Stops watching.
    func close() {
        following.drop(from: bus)
        bus.unwatch(watch)
    }

    func appeared() {
        following.drop(from: bus)
        following.keep(
            bus.subscribeProperties(sender: Self.name) { [weak self] in self?.propertiesChanged($0) }
        )
        following.keep(
            bus.subscribe(sender: Self.name, interface: Self.managerInterface, path: Self.managerPath) {
                [weak self] _, _, member, _ in
                if member == "SessionNew" || member == "SessionRemoved" { self?.refresh() }
            }
        )
        refresh(attempts: 60)
    }

    func vanished() {
        following.drop(from: bus)
        source = nil
        hub.set(idle: .unknown(reason: "logind is not running"))
    }

    /// Picks the session (or the manager) afresh and reads its idle hint. logind may own its
    /// name a moment before it answers: failures are retried `attempts` times.
    private func refresh(attempts: Int = 1) {
        let generation = following.newGeneration()
        bus.call(Self.name, Self.managerPath, Self.managerInterface, "ListSessions") { [weak self] reply in
            guard let self, generation == self.following.generation else { return }
            switch reply {
            case .failure(let error): retry(attempts, error)
            case .success(let reply):
                let paths = reply[0]?.elements.compactMap { session -> String? in
                    session[1]?.uint == uid ? session[4]?.string : nil
                }
                readSessions((paths ?? []).sorted(), read: [], generation: generation, attempts: attempts)
            }
        }
    }

    private func retry(_ attempts: Int, _ error: BusError) {
        guard attempts > 1 else { return hub.set(idle: .unknown(reason: "logind: \(error.message)")) }
        let generation = following.generation
        bus.thread.after(milliseconds: 25) { [weak self] in
            if let self, generation == self.following.generation { refresh(attempts: attempts - 1) }
        }
    }

    /// Reads each of the user's sessions' properties in turn, then picks one.
    private func readSessions(
        _ paths: [String],
        read: [(String, [String: BusValue])],
        generation: Int,
        attempts: Int
    ) {
        guard let path = paths.first else {
            return pick(from: read, generation: generation, attempts: attempts)
        }
        bus.call(Self.name, path, "org.freedesktop.DBus.Properties", "GetAll", [Self.sessionInterface]) {
            [weak self] reply in
            guard let self, generation == self.following.generation else { return }
            let properties = (try? reply.get())?[0]?.entries
            let read = read + (properties.map { [(path, $0)] } ?? [])
            readSessions(Array(paths.dropFirst()), read: read, generation: generation, attempts: attempts)
        }
    }

    /// The graphical active session, else an active one, else any; without one, the manager.
    private func pick(from sessions: [(String, [String: BusValue])], generation: Int, attempts: Int) {
        let graphical: Set<String> = ["x11", "wayland", "mir"]
        let active = sessions.filter { $0.1["Active"]?.bool == true }
        let chosen =
            active.first { graphical.contains($0.1["Type"]?.string ?? "") } ?? active.first ?? sessions.first
        if let (path, properties) = chosen {
            let id = properties["Id"]?.string ?? String(path.split(separator: "/").last ?? "")
            return use(
                Source(path: path, label: "logind session \(id)", idleHint: false, idleSince: 0),
                properties
            )
        }
        bus.call(
            Self.name,
            Self.managerPath,
            "org.freedesktop.DBus.Properties",
            "GetAll",
            [Self.managerInterface]
        ) {
            [weak self] reply in
            guard let self, generation == self.following.generation else { return }
            switch reply {
            case .failure(let error): retry(attempts, error)
            case .success(let reply):
                let source = Source(
                    path: Self.managerPath,
                    label: "logind manager",
                    idleHint: false,
                    idleSince: 0
                )
                use(source, reply[0]?.entries ?? [:])
            }
        }
    }

    /// Makes `source` the one followed, with `properties` applied, and publishes it.
    private func use(_ source: Source, _ properties: [String: BusValue]) {
        self.source = source
        apply(properties)
    }

    private func propertiesChanged(_ change: PropertiesChange) {
        let isSession = change.path.hasPrefix(Self.managerPath + "/session/")
        if isSession, change.changed["Active"] != nil || change.changed["Type"] != nil { return refresh() }
        guard change.path == source?.path else { return }
        if !change.invalidated.isEmpty { return refresh() }
        apply(change.changed)
    }

    /// Applies changed `IdleHint`/`IdleSinceHint` values to the followed source and publishes.
    private func apply(_ properties: [String: BusValue]) {
        guard var source else { return }
        if let hint = properties["IdleHint"]?.bool { source.idleHint = hint }
        if let since = properties["IdleSinceHint"]?.uint { source.idleSince = since }
        self.source = source
        hub.set(idle: Self.reading(of: source))
    }

    /// Idle since `IdleSinceHint` (µs since the epoch) when the hint is set; active otherwise.
    private static func reading(of source: Source) -> Reading<IdleState> {
        guard source.idleHint else { return .known(IdleState(idleSince: nil, source: source.label)) }
        guard source.idleSince > 0 else {
            return .unknown(reason: "\(source.label) is idle but does not say since when")
        }
        switch OutsideNumber.time.named("idle start").check(Double(source.idleSince) / 1_000_000) {
        case .success(let seconds):
            return .known(IdleState(idleSince: Date(timeIntervalSince1970: seconds), source: source.label))
        case .failure(let rejection): return .unknown(reason: rejection.reason(from: source.label))
        }
    }
}
