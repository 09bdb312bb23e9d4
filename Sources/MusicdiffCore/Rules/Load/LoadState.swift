import Foundation

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

    /// A load of 0.2 per core on four.
    package static var typical: Self { LoadState(oneMinute: 0.8, cpus: 4) }

    /// The one-minute load average and the CPU count.
    package var lineFields: [String] { [String(oneMinute), String(cpus)] }

    package static func read(lineFields fields: [String]) -> LineFields.Parsed<LoadState> {
        guard fields.count == 2 else { return nil }
        return OutsideNumber.loadAverage.check(text: fields[0]).flatMap { load in
            OutsideNumber.cpuCount.check(integerText: fields[1]).map { LoadState(oneMinute: load, cpus: $0) }
        }
    }

    /// The one-minute load average, one a machine can have, and the CPU count.
    package static var storedColumns: [StoredColumn] {
        [StoredColumn("load1", .real(0...1_000_000)), StoredColumn("cpus", .integer(1...1_000_000))]
    }

    package func storedValues(at: Date) -> [StoredValue?] { [.real(oneMinute), .integer(cpus)] }

    package static func restored(from values: some StoredValues, at: Date) throws(DamagedRow) -> LoadState? {
        let cpus = try values.integer(1)
        guard let load = try values.real(0) else { return nil }
        return LoadState(oneMinute: load, cpus: cpus ?? 1)
    }
}

extension Snapshot {
    /// The load average and CPU count.
    package var load: Reading<LoadState> {
        get { self[LoadState.self] }
        set { self[LoadState.self] = newValue }
    }
}
