import MusicdiffCore

// Each machine reading's line on `daemon.sock`: `known` and its state's fields (each state
// writes and reads its own, ``MachineState/lineFields``), or `unknown` and the reason.

extension DaemonReadings.Machine {
    /// The fields of one reading's line (after its name).
    func fields(_ reading: MachineReading) -> [String] {
        func fields<State: MachineState>(_: State.Type) -> [String] {
            DaemonReadings.fields(readings[State.self]) { $0.lineFields }
        }
        return fields(reading.state)
    }

    /// Reads the line of `reading` (its fields after the name) into these readings; false when
    /// it is damaged.
    mutating func read(_ reading: MachineReading, _ fields: [String]) -> Bool {
        func read<State: MachineState>(_: State.Type) -> Bool {
            guard let value = DaemonReadings.reading(fields, State.read(lineFields:)) else { return false }
            readings[State.self] = value
            return true
        }
        return read(reading.state)
    }
}
