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
package struct DaemonReadings: Sendable, Equatable {
    /// The version of the reply; a reply of another version is not used.
    static let currentVersion = 2

    /// The daemon's pid.
    package var pid: Int32
    /// When the daemon took the readings.
    package var at: Date
    /// The machine's readings; nil when the daemon runs no sensors (interval or cron mode).
    package var machine: Machine?
    /// What the daemon's state machine says; nil from a daemon that has not started its loop.
    package var loop: LoopView?

    /// The readings of the sensors: the part of a ``Snapshot`` that the machine, not the state
    /// store, provides; each reading is read as the snapshot's (`machine.battery`).
    @dynamicMemberLookup
    package struct Machine: Sendable, Equatable {
        /// The readings, in a snapshot whose state store's readings are left out (no sync,
        /// not due, activity not tracked).
        var readings: Snapshot

        /// The machine's readings of `snapshot`.
        init(_ snapshot: Snapshot) {
            readings = snapshot
            readings.lastSync = .known(.never)
            readings.dueSince = nil
            readings.activity = Snapshot.notTracked
            readings.assumed = []
        }

        /// A reading of the machine, as the snapshot's property at `path` holds it.
        package subscript<Value>(dynamicMember path: KeyPath<Snapshot, Value>) -> Value {
            readings[keyPath: path]
        }

        /// The snapshot these readings make with the state store's.
        package func snapshot(lastSync: Reading<LastSync>, dueSince: Date?) -> Snapshot {
            var snapshot = readings
            snapshot.lastSync = lastSync
            snapshot.dueSince = dueSince
            return snapshot
        }
    }

    /// The reply for the sensors' `snapshot` (nil without sensors), taken at `at`.
    package init(pid: Int32, at: Date, snapshot: Snapshot?) {
        self.pid = pid
        self.at = at
        self.machine = snapshot.map(Machine.init)
    }

    /// The snapshot these readings make with the state store's, or nil without sensors.
    package func snapshot(lastSync: Reading<LastSync>, dueSince: Date?) -> Snapshot? {
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
    package func line() -> [UInt8] {
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
}

extension DaemonReadings {
    /// `known` and the value's fields, or `unknown` and the reason.
    static func fields<Value>(_ reading: Reading<Value>, _ value: (Value) -> [String]) -> [String] {
        switch reading {
        case .known(let known): ["known"] + value(known)
        case .unknown(let reason): ["unknown", reason]
        }
    }

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
