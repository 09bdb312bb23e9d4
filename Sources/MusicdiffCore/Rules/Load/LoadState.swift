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

    /// The one-minute load average and the CPU count.
    package var lineFields: [String] { [String(oneMinute), String(cpus)] }

    package static func read(lineFields fields: [String]) -> LineFields.Parsed<LoadState> {
        guard fields.count == 2 else { return nil }
        return OutsideNumber.loadAverage.check(text: fields[0]).flatMap { load in
            OutsideNumber.cpuCount.check(integerText: fields[1]).map { LoadState(oneMinute: load, cpus: $0) }
        }
    }
}

extension Snapshot {
    /// The load average and CPU count.
    package var load: Reading<LoadState> {
        get { self[LoadState.self] }
        set { self[LoadState.self] = newValue }
    }
}
