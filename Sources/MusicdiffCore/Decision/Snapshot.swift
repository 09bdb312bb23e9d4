import Foundation

/// Everything the engine knows about the machine at one moment: one reading per sensor.
///
/// A snapshot is a plain value: taking it is the sensors' job, judging it the engine's. The
/// machine's readings are held one per ``MachineReading``, reached through the state's type
/// (`snapshot[IdleState.self]`) or the property its file declares (`snapshot.idle`).
package struct Snapshot: Sendable, Equatable {
    /// The last successful sync (for `min_gap`).
    package var lastSync: Reading<LastSync>
    /// Since when the pending sync has been due (for `max_deferral`); nil when unknown.
    package var dueSince: Date?
    /// How long the user has been active without a break (for `while_running.idle`), as an
    /// ``ActivityTracker`` fed with the idle readings says.
    package var activity: Reading<ActivityState>
    /// The readings assumed for a what-if question rather than read; their verdicts say so.
    package var assumed: AssumedReadings = []
    /// The machine's readings, one slot per ``MachineReading``, each filled by `init`.
    private var readings = Slots(count: MachineReading.count)

    /// Creates a snapshot with every reading of the machine given by `read`, an exhaustive
    /// `switch` over ``MachineReading`` at each place that takes a snapshot: a new reading is a
    /// compile error there, never a silent `unknown`.
    package init(
        lastSync: Reading<LastSync>,
        dueSince: Date?,
        activity: Reading<ActivityState>,
        readings read: (MachineReading) -> AnyReading
    ) {
        self.lastSync = lastSync
        self.dueSince = dueSince
        self.activity = activity
        for reading in MachineReading.allCases {
            let given = read(reading)
            // A reading given for another kind fills its own slot: never one of the wrong type.
            readings.put(given.box, at: given.reading.index)
        }
    }

    /// The reading of `State`.
    package subscript<State: MachineState>(_: State.Type) -> Reading<State> {
        get { readings[State.reading.index] ?? .unknown(reason: Self.notRead) }
        set { readings[State.reading.index] = newValue }
    }

    /// Lends the reading of `State` to `body` without copying it.
    func lend<State: MachineState, Result>(_: State.Type, to body: (Reading<State>) -> Result) -> Result {
        readings.lend(State.reading.index, to: body)
    }

    /// A snapshot before anything was read: every reading of the machine unknown (`not read`),
    /// the activity not tracked, with the state store's readings given.
    package static func unread(
        lastSync: Reading<LastSync> = .known(.never),
        dueSince: Date? = nil
    ) -> Snapshot {
        Snapshot(lastSync: lastSync, dueSince: dueSince, activity: notTracked) { .unknown($0, notRead) }
    }

    /// The reason of a reading no sensor gave.
    static let notRead = "not read"

    /// The activity reading until an ``ActivityTracker`` provides one.
    package static let notTracked: Reading<ActivityState> = .unknown(reason: "not tracked")
}

/// The state of the machine one ``MachineReading`` reads (`IdleState`, `BatteryState`).
package protocol MachineState: Sendable, Equatable {
    /// The reading it is.
    static var reading: MachineReading { get }
    /// A state a laptop at a desk typically reads (at home, on mains): what the simulated
    /// laptop of `simulate-history` reads where its day says nothing else.
    static var typical: Self { get }
    /// Its fields on its `daemon.sock` line, after the reading's name and `known`.
    var lineFields: [String] { get }
    /// The state `fields` (as ``lineFields`` wrote them) hold, or the number in them that was
    /// refused; nil when they are damaged.
    static func read(lineFields fields: [String]) -> LineFields.Parsed<Self>
    /// Its columns in the state store's `tick` table (``StoredColumns``), which a migration
    /// of the store adds.
    static var storedColumns: [StoredColumn] { get }
    /// Its values in ``storedColumns``, in their order, recorded at `at`.
    func storedValues(at: Date) -> [StoredValue?]
    /// The state the values of its columns in a row recorded at `at` hold; nil when it was
    /// not recorded. Asked only when one of its columns holds a value: all NULL is not
    /// recorded. A value that is not what it must be makes the row damaged. A state whose
    /// columns are all text is restored once per distinct values, its time not asked.
    static func restored(from values: some StoredValues, at: Date) throws(DamagedRow) -> Self?
    /// ``restored(from:at:)``'s state as a known reading. Given by the extension below, never
    /// written: a requirement so that each state's is specialized for it (the store calls it
    /// through the reading's metatype, where the generic one looked up metadata for every row).
    static func restoredReading(from values: some StoredValues, at: Date) throws(DamagedRow) -> AnyReading?
}

extension MachineState {
    @inline(__always)  // into each state's witness, where `Self` is known
    package static func restoredReading(
        from values: some StoredValues,
        at: Date
    ) throws(DamagedRow) -> AnyReading? {
        guard let state = try restored(from: values, at: at) else { return nil }
        return AnyReading(.known(state))
    }
}

/// One reading of the machine, of whichever state: what a ``Snapshot`` is made from.
package struct AnyReading: Sendable {
    /// Which reading it is.
    let reading: MachineReading
    /// The `Reading<State>`, boxed.
    let box: any SlotBox

    /// The reading `reading`, unknown for `reason`.
    package static func unknown(_ reading: MachineReading, _ reason: String) -> AnyReading {
        func unknown<State: MachineState>(_: State.Type) -> AnyReading {
            AnyReading(.unknown(reason: reason) as Reading<State>)
        }
        return unknown(reading.state)
    }

    /// The reading `reading`, known as its state's ``MachineState/typical``.
    package static func typical(_ reading: MachineReading) -> AnyReading {
        func typical<State: MachineState>(_: State.Type) -> AnyReading { AnyReading(.known(State.typical)) }
        return typical(reading.state)
    }

    /// The reading `value`.
    package init<State: MachineState>(_ value: Reading<State>) {
        reading = State.reading
        box = Box(value)
    }
}
