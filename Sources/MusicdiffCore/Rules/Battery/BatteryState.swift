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
}

extension Snapshot {
    /// Power source and battery charge.
    package var battery: Reading<BatteryState> {
        get { self[BatteryState.self] }
        set { self[BatteryState.self] = newValue }
    }
}
