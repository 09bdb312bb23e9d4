import Foundation

/// Whether the user is at the machine, and since when not.
package struct IdleState: Sendable, Equatable {
    /// When the user was last active; nil while they are active now.
    package var idleSince: Date?
    /// Where this came from, as a person reads it (`logind session 3`, `/proc/interrupts`).
    package var source: String

    /// Creates a reading.
    package init(idleSince: Date?, source: String) {
        self.idleSince = idleSince
        self.source = source
    }
}

extension IdleState: MachineState {
    /// The reading it is.
    package static var reading: MachineReading { .idle }

    /// At the keyboard, as logind says.
    package static var typical: Self { IdleState(idleSince: nil, source: "logind session 2") }

    /// The idle start (seconds since 1970, `-` when active) and the source.
    package var lineFields: [String] { [LineFields.optional(idleSince?.timeIntervalSince1970), source] }

    package static func read(lineFields fields: [String]) -> LineFields.Parsed<IdleState> {
        guard fields.count == 2,
            let since = LineFields.optionalNumber(fields[0], OutsideNumber.time.named("idle start"))
        else { return nil }
        return since.map {
            IdleState(idleSince: $0.map(Date.init(timeIntervalSince1970:)), source: fields[1])
        }
    }

    /// How long it had been idle when recorded, in seconds (0 while active): no longer than
    /// the dates a store keeps (idle since "ever" is recorded too).
    package static var storedColumns: [StoredColumn] {
        let dates = StoredColumns.dates
        return [StoredColumn("idle_for", .real(0...(dates.upperBound - dates.lowerBound)))]
    }

    package func storedValues(at: Date) -> [StoredValue?] {
        [.real(idleSince.map { max(at.timeIntervalSince($0), 0) } ?? 0)]
    }

    package static func restored(from values: some StoredValues, at: Date) throws(DamagedRow) -> IdleState? {
        guard let idle = try values.real(0) else { return nil }
        return IdleState(
            idleSince: idle > 0 ? max(at.addingTimeInterval(-idle), StoredColumns.earliest) : nil,
            source: StoredColumns.source
        )
    }
}

extension Snapshot {
    /// How long the user has been away from the keyboard.
    package var idle: Reading<IdleState> {
        get { self[IdleState.self] }
        set { self[IdleState.self] = newValue }
    }
}
