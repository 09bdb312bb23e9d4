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
}

extension Snapshot {
    /// How long the user has been away from the keyboard.
    package var idle: Reading<IdleState> {
        get { self[IdleState.self] }
        set { self[IdleState.self] = newValue }
    }
}
