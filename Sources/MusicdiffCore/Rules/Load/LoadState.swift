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

extension LoadState: MachineState {
    /// The reading it is.
    public static var reading: MachineReading { .load }
}

extension Snapshot {
    /// The load average and CPU count.
    public var load: Reading<LoadState> {
        get { self[LoadState.self] }
        set { self[LoadState.self] = newValue }
    }
}
