import Foundation
import MusicdiffCore

/// What a running daemon tells `why-not` on its socket: who it is, when it looked, and the
/// readings its sensors hold now.
///
/// `why-not` then decides on the same readings the daemon's next tick would see (the sensor
/// hub's state, kept current by D-Bus signals) instead of connecting to NetworkManager, UPower
/// and logind itself. The state store's readings (last sync, due since) are not part of it:
/// `why-not` reads those from the store as before.
///
/// On the socket it is text, a line per reading and fields split by tabs (``line()``), read
/// back without `Codable`, whose first use costs a short-lived command milliseconds of type
/// lookups.
public struct DaemonReadings: Sendable, Equatable {
    /// The version of the reply; a reply of another version is not used.
    public static let currentVersion = 1

    /// The daemon's pid.
    public var pid: Int32
    /// When the daemon took the readings.
    public var at: Date
    /// The machine's readings; nil when the daemon runs no sensors (interval or cron mode).
    public var machine: Machine?

    /// The readings of the sensors: the part of a ``Snapshot`` that the machine, not the state
    /// store, provides.
    public struct Machine: Sendable, Equatable {
        /// How long the user has been away.
        public var idle: Reading<IdleState>
        /// The network.
        public var network: Reading<NetworkState>
        /// The load average.
        public var load: Reading<LoadState>
        /// Power source and battery.
        public var battery: Reading<BatteryState>

        /// The snapshot these readings make with the state store's.
        public func snapshot(lastSync: Reading<LastSync>, dueSince: Date?) -> Snapshot {
            Snapshot(
                lastSync: lastSync,
                dueSince: dueSince,
                idle: idle,
                network: network,
                load: load,
                battery: battery
            )
        }
    }

    /// The reply for the sensors' `snapshot` (nil without sensors), taken at `at`.
    public init(pid: Int32, at: Date, snapshot: Snapshot?) {
        self.pid = pid
        self.at = at
        self.machine = snapshot.map {
            Machine(idle: $0.idle, network: $0.network, load: $0.load, battery: $0.battery)
        }
    }

    /// The snapshot these readings make with the state store's, or nil without sensors.
    public func snapshot(lastSync: Reading<LastSync>, dueSince: Date?) -> Snapshot? {
        machine?.snapshot(lastSync: lastSync, dueSince: dueSince)
    }
}

extension DaemonReadings {
    /// The reply as the daemon writes it:
    ///
    ///     musicdiff-readings⇥1⇥4711⇥1764632084.25
    ///     idle⇥known⇥=1764631000.5⇥logind session 3
    ///     network⇥known⇥yes⇥wifi⇥full⇥="Pixel hotspot"⇥NetworkManager
    ///     load⇥unknown⇥cannot read /proc/loadavg: ...
    ///     battery⇥known⇥true⇥=80.0⇥-⇥UPower
    ///     end
    ///
    /// An optional field is `-` when absent and `=` and its value when present; a tab, a line
    /// break or a backslash in a text is written `\t`, `\n`, `\\`.
    public func line() -> [UInt8] {
        var lines = [
            [
                "musicdiff-readings", String(Self.currentVersion), String(pid),
                String(at.timeIntervalSince1970),
            ]
        ]
        if let machine {
            lines.append(
                ["idle"]
                    + Self.fields(machine.idle) {
                        [Self.optional($0.idleSince?.timeIntervalSince1970), $0.source]
                    }
            )
            lines.append(
                ["network"]
                    + Self.fields(machine.network) { network in
                        [
                            network.metered.rawValue, MomentRow.kindText(network.primary),
                            network.connectivity.rawValue, Self.optional(network.ssid), network.source,
                        ]
                    }
            )
            lines.append(["load"] + Self.fields(machine.load) { [String($0.oneMinute), String($0.cpus)] })
            lines.append(
                ["battery"]
                    + Self.fields(machine.battery) { battery in
                        [
                            String(battery.onBattery), Self.optional(battery.percent),
                            Self.optional(battery.state),
                            battery.source,
                        ]
                    }
            )
        }
        lines.append(["end"])
        let text = lines.map { $0.map(Self.escaped).joined(separator: "\t") }.joined(separator: "\n") + "\n"
        return Array(text.utf8)
    }

    /// The reply in `bytes`, or why it cannot be used.
    public static func parse(_ bytes: [UInt8]) -> Result<DaemonReadings, ReadingsSocket.Failure> {
        let lines = String(decoding: bytes, as: UTF8.self).split(
            separator: "\n",
            omittingEmptySubsequences: false
        )
        .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(unescaped) }
        guard let head = lines.first, head.first == "musicdiff-readings", head.count == 4 else {
            return .failure(
                .unreadable(bytes.isEmpty ? "an empty reply" : "a reply that is not a readings line")
            )
        }
        guard head[1] == String(currentVersion) else {
            return .failure(.unreadable("a reply of version \(head[1]), not \(currentVersion)"))
        }
        guard let pid = Int32(head[2]), let at = Double(head[3]) else {
            return .failure(.unreadable("a reply whose first line is damaged"))
        }
        guard let end = lines.firstIndex(of: ["end"]) else {
            return .failure(.unreadable("a reply that ends early"))
        }
        var reply = DaemonReadings(pid: pid, at: Date(timeIntervalSince1970: at), snapshot: nil)
        let readings = lines[1..<end]
        guard !readings.isEmpty else { return .success(reply) }
        var byName: [String: [String]] = [:]
        for fields in readings { byName[fields[0]] = Array(fields.dropFirst()) }
        guard let idle = byName["idle"].flatMap({ reading($0, idleState) }),
            let network = byName["network"].flatMap({ reading($0, networkState) }),
            let load = byName["load"].flatMap({ reading($0, loadState) }),
            let battery = byName["battery"].flatMap({ reading($0, batteryState) })
        else { return .failure(.unreadable("a reading it cannot read")) }
        reply.machine = Machine(idle: idle, network: network, load: load, battery: battery)
        return .success(reply)
    }

    // MARK: Writing

    /// `known` and the value's fields, or `unknown` and the reason.
    private static func fields<Value>(_ reading: Reading<Value>, _ value: (Value) -> [String]) -> [String] {
        switch reading {
        case .known(let known): ["known"] + value(known)
        case .unknown(let reason): ["unknown", reason]
        }
    }

    private static func optional(_ value: Double?) -> String { value.map { "=" + String($0) } ?? "-" }
    private static func optional(_ value: String?) -> String { value.map { "=" + $0 } ?? "-" }

    private static func escaped(_ field: String) -> String {
        guard field.contains(where: { $0 == "\\" || $0 == "\t" || $0 == "\n" }) else { return field }
        var out = ""
        for character in field {
            switch character {
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }

    // MARK: Reading

    private static func unescaped(_ field: Substring) -> String {
        guard field.contains("\\") else { return String(field) }
        var out = ""
        var escaping = false
        for character in field {
            if escaping {
                out.append(character == "t" ? "\t" : character == "n" ? "\n" : character)
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                out.append(character)
            }
        }
        return out
    }

    /// The reading `fields` (after the name) hold, nil when they are damaged.
    private static func reading<Value>(_ fields: [String], _ value: ([String]) -> Value?) -> Reading<Value>? {
        switch fields.first {
        case "known": value(Array(fields.dropFirst())).map(Reading.known)
        case "unknown" where fields.count == 2: .unknown(reason: fields[1])
        default: nil
        }
    }

    /// An optional field: nil for damaged text, `.some(nil)` for `-`.
    private static func optional(_ field: String) -> String?? {
        if field == "-" { return .some(nil) }
        guard field.hasPrefix("=") else { return nil }
        return .some(String(field.dropFirst()))
    }

    private static func optionalNumber(_ field: String) -> Double?? {
        guard let text = optional(field) else { return nil }
        guard let text else { return .some(nil) }
        return Double(text).map { .some($0) }
    }

    private static func idleState(_ fields: [String]) -> IdleState? {
        guard fields.count == 2, let since = optionalNumber(fields[0]) else { return nil }
        return IdleState(idleSince: since.map(Date.init(timeIntervalSince1970:)), source: fields[1])
    }

    private static func networkState(_ fields: [String]) -> NetworkState? {
        guard fields.count == 5, let metered = NetworkState.Metered(rawValue: fields[0]),
            let primary = MomentRow.kind(fields[1]),
            let connectivity = NetworkState.Connectivity(rawValue: fields[2]), let ssid = optional(fields[3])
        else { return nil }
        return NetworkState(
            metered: metered,
            primary: primary,
            ssid: ssid,
            connectivity: connectivity,
            source: fields[4]
        )
    }

    private static func loadState(_ fields: [String]) -> LoadState? {
        guard fields.count == 2, let oneMinute = Double(fields[0]), let cpus = Int(fields[1]) else {
            return nil
        }
        return LoadState(oneMinute: oneMinute, cpus: cpus)
    }

    private static func batteryState(_ fields: [String]) -> BatteryState? {
        guard fields.count == 4, let onBattery = Bool(fields[0]), let percent = optionalNumber(fields[1]),
            let state = optional(fields[2])
        else { return nil }
        return BatteryState(onBattery: onBattery, percent: percent, state: state, source: fields[3])
    }
}
