import Foundation
import GRDB
import MusicdiffCore

/// A ``RecordedMoment`` as a `tick` row: one column per reading, NULL for an unknown one, so
/// that a row stays under a hundred bytes. The readings' sources and unknown reasons are
/// not kept: a replayed reading that was unknown says `not recorded`.
enum MomentRow {
    /// The columns read back, in the order ``moment(_:)`` takes them. `at` (GRDB's text
    /// date) comes as seconds since 1970, computed by SQLite: parsing 40 000 dates in Swift
    /// would take most of a `history --days 30`.
    static func columns(readings: Bool) -> String {
        StateStore.seconds("at") + ", would_sync, failed, policy, kind, utc_offset, due_since, "
            + (readings
                ? "idle_for, network, ssid, load1, cpus, on_battery, battery_percent"
                : "NULL, NULL, NULL, NULL, NULL, NULL, NULL") + ", run_end"
    }

    /// What most rows repeat, read once: networks and failed rules by their text.
    struct Cache {
        var networks: [String: NetworkState?] = [:]
        var failed: [String: [String]] = [:]
    }

    /// The source a reading read back from the store names.
    static let source = "recorded"
    /// Why a reading read back from the store is unknown.
    static let unknown = "not recorded"

    /// The values to insert, in ``columns`` order.
    static func arguments(_ moment: RecordedMoment) -> StatementArguments {
        let readings = moment.readings
        let idle = readings.idle.value.map { state in
            state.idleSince.map { max(moment.at.timeIntervalSince($0), 0) } ?? 0
        }
        let load = readings.load.value
        let battery = readings.battery.value
        let values: [(any DatabaseValueConvertible)?] = [
            // GRDB's own text for a date, made without its `DateFormatter` (ICU): once a tick.
            CivilTime.storageText(moment.at), moment.wouldSync, moment.failed.joined(separator: ","),
            moment.policy,
            moment.kind.rawValue, moment.utcOffset, moment.dueSince?.timeIntervalSince1970, idle,
            readings.network.value.map(text), readings.network.value?.ssid, load?.oneMinute, load?.cpus,
            battery?.onBattery, battery?.percent, moment.runEnd?.rawValue,
        ]
        return StatementArguments(values)
    }

    /// The moment a row read with ``columns(readings:)`` holds.
    static func moment(_ row: Row, _ cache: inout Cache) -> RecordedMoment {
        let at = StateStore.date(required: row[0] as Double)
        let failed: String = row[2]
        var readings = Snapshot(
            idle: .unknown(reason: unknown),
            network: .unknown(reason: unknown),
            load: .unknown(reason: unknown),
            battery: .unknown(reason: unknown)
        )
        if let idle = row[7] as Double? {
            readings.idle = recorded(
                OutsideNumber.seconds.named("idle time").check(idle).map { idle in
                    IdleState(idleSince: idle > 0 ? at.addingTimeInterval(-idle) : nil, source: source)
                }
            )
        }
        if let text = row[8] as String?, let network = cache.networks[text] ?? Self.cache(text, &cache) {
            var state = network
            state.ssid = row[9]
            readings.network = .known(state)
        }
        if let load = row[10] as Double? {
            readings.load = recorded(
                OutsideNumber.cpuCount.check(row[11] as Int? ?? 1).flatMap { cpus in
                    OutsideNumber.loadAverage.check(load).map { LoadState(oneMinute: $0, cpus: cpus) }
                }
            )
        }
        if let onBattery = row[12] as Bool? {
            let percent = (row[13] as Double?).map {
                OutsideNumber.batteryPercent.check($0).map { $0 as Double? }
            }
            readings.battery = recorded(
                (percent ?? .success(nil)).map {
                    BatteryState(onBattery: onBattery, percent: $0, source: source)
                }
            )
        }
        let dueSince = (row[6] as Double?).flatMap { try? OutsideNumber.time.check($0).get() }
            .map(Date.init(timeIntervalSince1970:))
        readings.dueSince = dueSince
        return RecordedMoment(
            at: at,
            utcOffset: row[5],
            kind: RecordedMoment.Kind(rawValue: row[4]) ?? .decision,
            policy: row[3],
            wouldSync: row[1],
            failed: cache.failed[failed] ?? split(failed, &cache),
            dueSince: dueSince,
            readings: readings,
            runEnd: (row[14] as String?).flatMap(RunEnd.init(rawValue:))
        )
    }

    /// The reading recorded numbers make, checked as every number from outside is
    /// (``OutsideNumber``): unknown, saying which, when one is refused.
    static func recorded<Value>(_ checked: Result<Value, Rejection>) -> Reading<Value> {
        switch checked {
        case .success(let value): .known(value)
        case .failure(let rejection): .unknown(reason: rejection.reason(from: "the state store"))
        }
    }

    /// Reads `text` once into the cache.
    static func cache(_ text: String, _ cache: inout Cache) -> NetworkState? {
        let network = network(text)
        cache.networks[text] = network
        return network
    }

    /// The rules of a `failed` text, read once into the cache.
    static func split(_ text: String, _ cache: inout Cache) -> [String] {
        let rules = text.split(separator: ",").map(String.init)
        cache.failed[text] = rules
        return rules
    }

    /// `no wifi full`: metered state, primary connection, connectivity.
    static func text(_ network: NetworkState) -> String {
        "\(network.metered.rawValue) \(kindText(network.primary)) \(network.connectivity.rawValue)"
    }

    /// `none`, `wifi`, `ethernet` or `other:NAME` (its spaces as `_`).
    static func kindText(_ kind: NetworkState.Kind) -> String {
        switch kind {
        case .none: "none"
        case .wifi: "wifi"
        case .ethernet: "ethernet"
        case .other(let name): "other:" + name.replacingOccurrences(of: " ", with: "_")
        }
    }

    /// The kind a ``kindText(_:)`` names; nil for text it did not write.
    static func kind(_ text: String) -> NetworkState.Kind? {
        switch text {
        case "none": NetworkState.Kind.none
        case "wifi": .wifi
        case "ethernet": .ethernet
        default: text.hasPrefix("other:") ? .other(String(text.dropFirst("other:".count))) : nil
        }
    }

    /// The network a ``text(_:)`` names; nil for text it did not write.
    static func network(_ text: String) -> NetworkState? {
        let parts = text.split(separator: " ").map(String.init)
        guard parts.count == 3, let metered = NetworkState.Metered(rawValue: parts[0]),
            let connectivity = NetworkState.Connectivity(rawValue: parts[2])
        else { return nil }
        guard let kind = kind(parts[1]) else { return nil }
        return NetworkState(metered: metered, primary: kind, connectivity: connectivity, source: source)
    }
}
