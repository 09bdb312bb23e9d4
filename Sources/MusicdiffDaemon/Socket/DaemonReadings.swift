import Foundation
import MusicdiffCore

/// What a running daemon tells `why-not` and `daemon status` on its socket: who it is, when it
/// looked, what its machine says now (``LoopView``), and the readings its sensors hold.
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
    public static let currentVersion = 2

    /// The daemon's pid.
    public var pid: Int32
    /// When the daemon took the readings.
    public var at: Date
    /// The machine's readings; nil when the daemon runs no sensors (interval or cron mode).
    public var machine: Machine?
    /// What the daemon's state machine says; nil from a daemon that has not started its loop.
    public var loop: LoopView?

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
        /// power-profiles-daemon's active profile.
        public var powerProfile: Reading<PowerProfileState>
        /// The free space where the policy's `storage` rule looks.
        public var storage: Reading<StorageState>
        /// What the user is busy with, of what the policy's `busy` rules look for.
        public var busy: Reading<BusyState>

        /// The snapshot these readings make with the state store's.
        public func snapshot(lastSync: Reading<LastSync>, dueSince: Date?) -> Snapshot {
            Snapshot(
                lastSync: lastSync,
                dueSince: dueSince,
                idle: idle,
                network: network,
                load: load,
                battery: battery,
                powerProfile: powerProfile,
                storage: storage,
                busy: busy,
                activity: Snapshot.notTracked
            )
        }
    }

    /// The reply for the sensors' `snapshot` (nil without sensors), taken at `at`.
    public init(pid: Int32, at: Date, snapshot: Snapshot?) {
        self.pid = pid
        self.at = at
        self.machine = snapshot.map {
            Machine(
                idle: $0.idle,
                network: $0.network,
                load: $0.load,
                battery: $0.battery,
                powerProfile: $0.powerProfile,
                storage: $0.storage,
                busy: $0.busy
            )
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
    ///     musicdiff-readings⇥2⇥4711⇥1764632084.25
    ///     loop⇥1764640000.0⇥=1764631000.0⇥=1764632384.25⇥false⇥=network⇥-⇥-⇥due since 09:12, …
    ///     idle⇥known⇥=1764631000.5⇥logind session 3
    ///     network⇥known⇥yes⇥wifi⇥full⇥="Pixel hotspot"⇥NetworkManager
    ///     load⇥unknown⇥cannot read /proc/loadavg: ...
    ///     battery⇥known⇥true⇥=80.0⇥-⇥UPower
    ///     power_profile⇥known⇥power-saver⇥power-profiles-daemon
    ///     storage⇥known⇥/home⇥1288490188.8⇥500000000000.0
    ///     busy⇥known⇥free⇥-⇥in use: camera in use (pid 4711 cheese)⇥unknown: cannot read /proc/asound
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
        if let loop { lines.append(["loop"] + loop.fields) }
        if let machine {
            for reading in MachineReading.allCases {
                lines.append([reading.rawValue] + machine.fields(reading))
            }
        }
        lines.append(["end"])
        let text = lines.map { $0.map(Self.escaped).joined(separator: "\t") }.joined(separator: "\n") + "\n"
        return Array(text.utf8)
    }

    // MARK: Writing
}

extension DaemonReadings.Machine {
    /// The fields of one reading's line (after its name).
    fileprivate func fields(_ reading: MachineReading) -> [String] {
        typealias Reply = DaemonReadings
        switch reading {
        case .idle:
            return Reply.fields(idle) { [Reply.optional($0.idleSince?.timeIntervalSince1970), $0.source] }
        case .network:
            return Reply.fields(network) { network in
                [
                    network.metered.rawValue, MomentRow.kindText(network.primary),
                    network.connectivity.rawValue, Reply.optional(network.ssid), network.source,
                ]
            }
        case .load:
            return Reply.fields(load) { [String($0.oneMinute), String($0.cpus)] }
        case .battery:
            return Reply.fields(battery) { battery in
                [
                    String(battery.onBattery), Reply.optional(battery.percent), Reply.optional(battery.state),
                    battery.source,
                ]
            }
        case .powerProfile:
            return Reply.fields(powerProfile) { [$0.profile, $0.source] }
        case .storage:
            return Reply.fields(storage) { [$0.mount, String($0.free), String($0.total)] }
        case .busy:
            return Reply.fields(busy) { $0.fields }
        }
    }
}

extension DaemonReadings {

    /// `known` and the value's fields, or `unknown` and the reason.
    fileprivate static func fields<Value>(_ reading: Reading<Value>, _ value: (Value) -> [String]) -> [String]
    {
        switch reading {
        case .known(let known): ["known"] + value(known)
        case .unknown(let reason): ["unknown", reason]
        }
    }

    fileprivate static func optional(_ value: Double?) -> String { value.map { "=" + String($0) } ?? "-" }
    fileprivate static func optional(_ value: String?) -> String { value.map { "=" + $0 } ?? "-" }

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
}
