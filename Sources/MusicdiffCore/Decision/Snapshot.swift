import Foundation

/// Everything the engine knows about the machine at one moment: one reading per sensor.
///
/// A snapshot is a plain value: taking it is the sensors' job, judging it the engine's.
public struct Snapshot: Sendable, Equatable {
    /// The last successful sync (for `min_gap`).
    public var lastSync: Reading<LastSync>
    /// Since when the pending sync has been due (for `max_deferral`); nil when unknown.
    public var dueSince: Date?
    /// How long the user has been away from the keyboard.
    public var idle: Reading<IdleState>
    /// The network the machine is on.
    public var network: Reading<NetworkState>
    /// The load average and CPU count.
    public var load: Reading<LoadState>
    /// Power source and battery charge.
    public var battery: Reading<BatteryState>
    /// power-profiles-daemon's active profile.
    public var powerProfile: Reading<PowerProfileState>
    /// The free space where the policy's `storage` rule looks.
    public var storage: Reading<StorageState>
    /// What the user is busy with, of what the policy's `busy` rules look for.
    public var busy: Reading<BusyState>
    /// How long the user has been active without a break (for `while_running.idle`), as an
    /// ``ActivityTracker`` fed with the idle readings says.
    public var activity: Reading<ActivityState>
    /// The readings assumed for a what-if question rather than read; their verdicts say so.
    public var assumed: AssumedReadings = []

    /// Creates a snapshot with every reading given: a new reading is a compile error at each
    /// place that takes a snapshot, never a silent `unknown`.
    public init(
        lastSync: Reading<LastSync>,
        dueSince: Date?,
        idle: Reading<IdleState>,
        network: Reading<NetworkState>,
        load: Reading<LoadState>,
        battery: Reading<BatteryState>,
        powerProfile: Reading<PowerProfileState>,
        storage: Reading<StorageState>,
        busy: Reading<BusyState>,
        activity: Reading<ActivityState>
    ) {
        self.lastSync = lastSync
        self.dueSince = dueSince
        self.idle = idle
        self.network = network
        self.load = load
        self.battery = battery
        self.powerProfile = powerProfile
        self.storage = storage
        self.busy = busy
        self.activity = activity
    }

    /// A snapshot before anything was read: every reading of the machine unknown (`not read`),
    /// the activity not tracked, with the state store's readings given.
    public static func unread(lastSync: Reading<LastSync> = .known(.never), dueSince: Date? = nil) -> Snapshot
    {
        Snapshot(
            lastSync: lastSync,
            dueSince: dueSince,
            idle: .unknown(reason: "not read"),
            network: .unknown(reason: "not read"),
            load: .unknown(reason: "not read"),
            battery: .unknown(reason: "not read"),
            powerProfile: .unknown(reason: "not read"),
            storage: .unknown(reason: "not read"),
            busy: .unknown(reason: "not read"),
            activity: notTracked
        )
    }

    /// The activity reading until an ``ActivityTracker`` provides one.
    public static let notTracked: Reading<ActivityState> = .unknown(reason: "not tracked")
}

/// Whether the user is at the machine, and since when not.
public struct IdleState: Sendable, Equatable {
    /// When the user was last active; nil while they are active now.
    public var idleSince: Date?
    /// Where this came from, as a person reads it (`logind session 3`, `/proc/interrupts`).
    public var source: String

    /// Creates a reading.
    public init(idleSince: Date?, source: String) {
        self.idleSince = idleSince
        self.source = source
    }
}

/// The 1-minute load average and how many CPUs share it.
public struct LoadState: Sendable, Equatable {
    /// The 1-minute load average.
    public var oneMinute: Double
    /// CPUs online.
    public var cpus: Int

    /// Creates a reading.
    public init(oneMinute: Double, cpus: Int) {
        self.oneMinute = oneMinute
        self.cpus = max(cpus, 1)
    }

    /// Load per online CPU.
    public var perCore: Double { oneMinute / Double(cpus) }
}

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
