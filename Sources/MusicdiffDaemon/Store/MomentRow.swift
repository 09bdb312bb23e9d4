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
        let columns = MachineReading.allCases.flatMap(columns(of:))
        return StateStore.seconds("at") + ", would_sync, failed, policy, kind, utc_offset, due_since, "
            + (readings ? columns : columns.map { _ in "NULL" }).joined(separator: ", ") + ", run_end"
    }

    /// The columns of the `tick` table that keep `reading` (``StateSchema`` makes them).
    static func columns(of reading: MachineReading) -> [String] {
        switch reading {
        case .idle: ["idle_for"]
        case .network: ["network", "ssid"]
        case .load: ["load1", "cpus"]
        case .battery: ["on_battery", "battery_percent"]
        case .powerProfile: ["power_profile"]
        case .storage: ["storage_free", "storage_total"]
        case .busy: ["busy"]
        }
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
            battery?.onBattery, battery?.percent, readings.powerProfile.value?.profile,
            readings.storage.value?.free, readings.storage.value?.total,
            readings.busy.value.map { $0.fields.joined(separator: "\n") },
            moment.runEnd?.rawValue,
        ]
        return StatementArguments(values)
    }

    /// The ranges a row's numbers must lie in: an offset from UTC within a day, an idle time
    /// no longer than the dates a store keeps (idle since "ever" is recorded too), a load
    /// that a machine can have, a percentage.
    static let offsets = -86_400...86_400
    static let idleTimes = 0.0...(RowReader.dates.upperBound - RowReader.dates.lowerBound)
    static let loads = 0.0...1_000_000
    static let cpuCounts = 1...1_000_000
    static let percentages = 0.0...100
    /// Sizes of a file system, in bytes, up to an exbibyte.
    static let sizes = OutsideNumber.fileSystemSize.range
    /// The earliest a reading's time may be: idle since before it is idle since then.
    static let earliest = Date(timeIntervalSince1970: RowReader.dates.lowerBound)

    /// The moment a row read with ``columns(readings:)`` holds; a column that does not hold
    /// what it must makes the row damaged.
    static func moment(_ row: RowReader, _ cache: inout Cache) throws(DamagedRow) -> RecordedMoment {
        let at = try row.date(0)
        let failed = try row.text(2)
        var readings = Snapshot(lastSync: .known(.never), dueSince: nil, activity: Snapshot.notTracked) {
            .unknown($0, unknown)
        }
        if let idle = try row.optionalDouble(7, in: idleTimes) {
            readings.idle = .known(
                IdleState(
                    idleSince: idle > 0 ? max(at.addingTimeInterval(-idle), earliest) : nil,
                    source: source
                )
            )
        }
        let ssid = try row.optionalText(9)
        if let text = try row.optionalText(8), let network = cache.networks[text] ?? Self.cache(text, &cache)
        {
            var state = network
            state.ssid = ssid
            readings.network = .known(state)
        }
        let cpus = try row.optionalInt(11, in: cpuCounts)
        if let load = try row.optionalDouble(10, in: loads) {
            readings.load = .known(LoadState(oneMinute: load, cpus: cpus ?? 1))
        }
        let percent = try row.optionalDouble(13, in: percentages)
        if let onBattery = try row.optionalBool(12) {
            readings.battery = .known(BatteryState(onBattery: onBattery, percent: percent, source: source))
        }
        if let profile = try row.optionalText(14) {
            readings.powerProfile = .known(PowerProfileState(profile: profile, source: source))
        }
        if let free = try row.optionalDouble(15, in: sizes), let total = try row.optionalDouble(16, in: sizes)
        {
            readings.storage = .known(StorageState(mount: source, free: free, total: total))
        }
        if let text = try row.optionalText(17) {
            let fields = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            guard let busy = BusyState(fields: fields) else { throw DamagedRow(column: 17) }
            readings.busy = .known(busy)
        }
        let dueSince = try row.optionalDouble(6, in: RowReader.dates).map(Date.init(timeIntervalSince1970:))
        readings.dueSince = dueSince
        let runEnd = try row.optionalText(18).map { text throws(DamagedRow) in
            guard let end = RunEnd(rawValue: text) else { throw DamagedRow(column: 18) }
            return end
        }
        return RecordedMoment(
            at: at,
            utcOffset: try row.int(5, in: offsets),
            kind: try row.named(4),
            policy: try row.text(3),
            wouldSync: try row.bool(1),
            failed: cache.failed[failed] ?? split(failed, &cache),
            dueSince: dueSince,
            readings: readings,
            runEnd: runEnd
        )
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
        "\(network.metered.rawValue) \(network.primary.text) \(network.connectivity.rawValue)"
    }

    /// The network a ``text(_:)`` names; nil for text it did not write.
    static func network(_ text: String) -> NetworkState? {
        let parts = text.split(separator: " ").map(String.init)
        guard parts.count == 3, let metered = NetworkState.Metered(rawValue: parts[0]),
            let connectivity = NetworkState.Connectivity(rawValue: parts[2])
        else { return nil }
        guard let kind = NetworkState.Kind(text: parts[1]) else { return nil }
        return NetworkState(metered: metered, primary: kind, connectivity: connectivity, source: source)
    }
}
