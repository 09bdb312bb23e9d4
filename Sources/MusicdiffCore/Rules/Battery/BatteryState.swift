/// Power source and battery charge.
public struct BatteryState: Sendable, Equatable {
    /// Running on battery rather than AC.
    public var onBattery: Bool
    /// Charge of the battery (or of all batteries together), 0–100; nil without a battery.
    public var percent: Double?
    /// The battery's state as its source words it (`charging`, `discharging`, ...).
    public var state: String?
    /// Where this came from (`UPower`, `/sys/class/power_supply`).
    public var source: String

    /// Creates a reading.
    public init(onBattery: Bool, percent: Double?, state: String? = nil, source: String) {
        self.onBattery = onBattery
        self.percent = percent
        self.state = state
        self.source = source
    }
}

extension BatteryState: MachineState {
    /// The reading it is.
    public static var reading: MachineReading { .battery }
}

extension Snapshot {
    /// Power source and battery charge.
    public var battery: Reading<BatteryState> {
        get { self[BatteryState.self] }
        set { self[BatteryState.self] = newValue }
    }
}
