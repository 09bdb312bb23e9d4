import Foundation

/// Power source and battery charge.
package struct BatteryState: Sendable, Equatable {
    /// Running on battery rather than AC.
    package var onBattery: Bool
    /// Charge of the battery (or of all batteries together), 0–100; nil without a battery.
    package var percent: Double?
    /// The battery's state as its source words it (`charging`, `discharging`, ...).
    package var state: String?
    /// Where this came from (`UPower`, `/sys/class/power_supply`).
    package var source: String

    /// Creates a reading.
    package init(onBattery: Bool, percent: Double?, state: String? = nil, source: String) {
        self.onBattery = onBattery
        self.percent = percent
        self.state = state
        self.source = source
    }
}

extension BatteryState: MachineState {
    /// The reading it is.
    package static var reading: MachineReading { .battery }

    /// On mains, charged, as UPower says.
    package static var typical: Self { BatteryState(onBattery: false, percent: 100, source: "UPower") }

    /// On battery, the charge, UPower's state and the source.
    package var lineFields: [String] {
        [String(onBattery), LineFields.optional(percent), LineFields.optional(state), source]
    }

    package static func read(lineFields fields: [String]) -> LineFields.Parsed<BatteryState> {
        guard fields.count == 4, let onBattery = Bool(fields[0]),
            let percent = LineFields.optionalNumber(fields[1], .batteryPercent),
            let state = LineFields.optional(fields[2])
        else { return nil }
        return percent.map {
            BatteryState(onBattery: onBattery, percent: $0, state: state, source: fields[3])
        }
    }

    /// On battery and the charge, a percentage; UPower's state is not kept.
    package static var storedColumns: [StoredColumn] {
        [StoredColumn("on_battery", .flag), StoredColumn("battery_percent", .real(0...100))]
    }

    package func storedValues(at: Date) -> [StoredValue?] { [.flag(onBattery), percent.map { .real($0) }] }

    package static func restored(from values: some StoredValues, at: Date) throws(DamagedRow) -> BatteryState?
    {
        let percent = try values.real(1)
        guard let onBattery = try values.flag(0) else { return nil }
        return BatteryState(onBattery: onBattery, percent: percent, source: StoredColumns.source)
    }
}

extension Snapshot {
    /// Power source and battery charge.
    package var battery: Reading<BatteryState> {
        get { self[BatteryState.self] }
        set { self[BatteryState.self] = newValue }
    }
}
