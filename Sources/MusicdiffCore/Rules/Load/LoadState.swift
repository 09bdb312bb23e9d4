/// The 1-minute load average and how many CPUs share it.
package struct LoadState: Sendable, Equatable {
    /// The 1-minute load average.
    package var oneMinute: Double
    /// CPUs online.
    package var cpus: Int

    /// Creates a reading.
    package init(oneMinute: Double, cpus: Int) {
        self.oneMinute = oneMinute
        self.cpus = max(cpus, 1)
    }

    /// Load per online CPU.
    package var perCore: Double { oneMinute / Double(cpus) }
}

extension LoadState: MachineState {
    /// The reading it is.
    package static var reading: MachineReading { .load }
}

extension Snapshot {
    /// The load average and CPU count.
    package var load: Reading<LoadState> {
        get { self[LoadState.self] }
        set { self[LoadState.self] = newValue }
    }
}
