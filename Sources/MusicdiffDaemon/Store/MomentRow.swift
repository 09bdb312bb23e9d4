import Foundation
import GRDB
import MusicdiffCore

/// A ``RecordedMoment`` as a `tick` row: each reading's columns (its state names them,
/// ``MachineState/storedColumns``), NULL for an unknown one, so that a row stays under a
/// hundred bytes. The readings' sources and unknown reasons are not kept: a replayed reading
/// that was unknown says `not recorded`.
enum MomentRow {
    /// Where a reading's columns are in a row.
    struct Place: Sendable {
        /// The reading.
        let reading: MachineReading
        /// Its state's columns.
        let columns: [StoredColumn]
        /// The index of the first.
        let first: Int
        /// Whether they all hold text: the state is then restored once per distinct texts.
        let textOnly: Bool
    }

    /// The columns of a row before the readings' (`at` as ``columns(readings:)`` reads it).
    static let leading = ["at", "would_sync", "failed", "policy", "kind", "utc_offset", "due_since"]

    /// Each reading's place, in ``MachineReading/allCases`` order, after the ``leading`` columns.
    static let places: [Place] = {
        var first = leading.count
        return MachineReading.allCases.map { reading in
            let columns = reading.state.storedColumns
            defer { first += columns.count }
            let textOnly = columns.allSatisfy { $0.kind == .text }
            return Place(reading: reading, columns: columns, first: first, textOnly: textOnly)
        }
    }()

    /// The names of the readings' columns, in row order.
    static let readingColumns = places.flatMap { $0.columns.map(\.name) }

    /// The index of `run_end`, after the readings' columns.
    static let runEnd = leading.count + readingColumns.count

    /// The columns read back, in the order ``moment(_:_:)`` takes them. `at` (GRDB's text
    /// date) comes as seconds since 1970, computed by SQLite: parsing 40 000 dates in Swift
    /// would take most of a `history --days 30`.
    static func columns(readings: Bool) -> String {
        ([StateStore.seconds("at")] + leading.dropFirst()
            + (readings ? readingColumns : readingColumns.map { _ in "NULL" })
            + ["run_end"]).joined(separator: ", ")
    }

    /// The statement that inserts a row, with ``arguments(_:)``.
    static let insert: String = {
        let names = leading + readingColumns + ["run_end"]
        return "INSERT INTO tick (\(names.joined(separator: ", ")))"
            + " VALUES (\(names.map { _ in "?" }.joined(separator: ", ")))"
    }()

    /// What most rows repeat, read once.
    struct Cache {
        /// The readings of states whose columns are all text, by their texts: a dictionary
        /// per reading, in ``MachineReading/allCases`` order.
        var readings = [[[String?]: AnyReading]](repeating: [:], count: MachineReading.allCases.count)
        /// Failed rules by their text.
        var failed: [String: [String]] = [:]
    }

    /// Why a reading read back from the store is unknown.
    static let unknown = "not recorded"

    /// Each reading unknown as ``unknown`` says, in ``MachineReading/allCases`` order.
    static let unknowns = MachineReading.allCases.map { AnyReading.unknown($0, unknown) }

    /// The values to insert, in ``insert`` order.
    static func arguments(_ moment: RecordedMoment) -> StatementArguments {
        var values: [(any DatabaseValueConvertible)?] = [
            // GRDB's own text for a date, made without its `DateFormatter` (ICU): once a tick.
            CivilTime.storageText(moment.at), moment.wouldSync, moment.failed.joined(separator: ","),
            moment.policy, moment.kind.rawValue, moment.utcOffset, moment.dueSince?.timeIntervalSince1970,
        ]
        for place in places {
            values += storedValues(of: place.reading, in: moment).map { $0.map(databaseValue) }
        }
        values.append(moment.runEnd?.rawValue)
        return StatementArguments(values)
    }

    /// The values of `reading`'s columns in `moment`: its state's, or NULLs while unknown.
    static func storedValues(of reading: MachineReading, in moment: RecordedMoment) -> [StoredValue?] {
        func values<State: MachineState>(_: State.Type) -> [StoredValue?] {
            guard let state = moment.readings[State.self].value else {
                return State.storedColumns.map { _ in nil }
            }
            return state.storedValues(at: moment.at)
        }
        return values(reading.state)
    }

    /// `value` as SQLite keeps it (a boolean as an integer).
    static func databaseValue(_ value: StoredValue) -> any DatabaseValueConvertible {
        switch value {
        case .real(let number): number
        case .integer(let integer): integer
        case .flag(let flag): flag
        case .text(let text): text
        }
    }

    /// The range a row's offset from UTC must lie in: within a day.
    static let offsets = -86_400...86_400

    /// The moment a row read with ``columns(readings:)`` holds; a column that does not hold
    /// what it must makes the row damaged.
    static func moment(_ row: RowReader, _ cache: inout Cache) throws(DamagedRow) -> RecordedMoment {
        let at = try row.date(0)
        let failed = try row.text(2)
        var readings: [AnyReading] = []
        readings.reserveCapacity(places.count)
        for place in places { readings.append(try reading(place, row, at, &cache)) }
        let dueSince = try row.optionalDouble(6, in: RowReader.dates).map(Date.init(timeIntervalSince1970:))
        let runEnd = try row.optionalText(runEnd).map { text throws(DamagedRow) in
            guard let end = RunEnd(rawValue: text) else { throw DamagedRow(column: Self.runEnd) }
            return end
        }
        return RecordedMoment(
            at: at,
            utcOffset: try row.int(5, in: offsets),
            kind: try row.named(4),
            policy: try row.text(3),
            wouldSync: try row.bool(1),
            failed: cache.failed[failed] ?? split(failed, &cache),
            dueSince: dueSince,
            readings: Snapshot(lastSync: .known(.never), dueSince: dueSince, activity: Snapshot.notTracked) {
                readings[$0.index]
            },
            runEnd: runEnd
        )
    }

    /// The reading at `place` in a row recorded at `at`: its state as restored from its
    /// columns, once per distinct texts for a state of text columns only.
    static func reading(
        _ place: Place,
        _ row: RowReader,
        _ at: Date,
        _ cache: inout Cache
    ) throws(DamagedRow) -> AnyReading {
        // Not recorded (as `history` reads rows, or while it was unknown): nothing to restore.
        let columns = place.first..<place.first + place.columns.count
        guard columns.contains(where: { !row.isNull($0) }) else { return unknowns[place.reading.index] }
        let state = place.reading.state
        guard place.textOnly else {
            return try state.restoredReading(from: RowValues(row: row, place: place), at: at)
                ?? unknowns[place.reading.index]
        }
        var texts: [String?] = []
        texts.reserveCapacity(columns.count)
        for column in columns { texts.append(try row.optionalText(column)) }
        if let reading = cache.readings[place.reading.index][texts] { return reading }
        let reading =
            try state.restoredReading(from: TextValues(texts: texts, first: place.first), at: at)
            ?? unknowns[place.reading.index]
        cache.readings[place.reading.index][texts] = reading
        return reading
    }

    /// The rules of a `failed` text, read once into the cache.
    static func split(_ text: String, _ cache: inout Cache) -> [String] {
        let rules = text.split(separator: ",").map(String.init)
        cache.failed[text] = rules
        return rules
    }
}

extension MomentRow {
    /// A reading's columns in a row, each read as its kind says when its state asks for it.
    struct RowValues: StoredValues {
        /// The row.
        let row: RowReader
        /// Where the reading's columns are.
        let place: Place

        func value(_ index: Int) throws(DamagedRow) -> StoredValue? {
            let column = place.first + index
            switch place.columns[index].kind {
            case .real(let range): return try row.optionalDouble(column, in: range).map { .real($0) }
            case .integer(let range): return try row.optionalInt(column, in: range).map { .integer($0) }
            case .flag: return try row.optionalBool(column).map { .flag($0) }
            case .text: return try row.optionalText(column).map { .text($0) }
            }
        }

        func damaged(_ index: Int) -> DamagedRow { DamagedRow(column: place.first + index) }
    }

    /// The texts of a reading's columns, already read.
    struct TextValues: StoredValues {
        /// The texts, in the columns' order; nil for NULL.
        let texts: [String?]
        /// The index of the first column in the row.
        let first: Int

        func value(_ index: Int) -> StoredValue? { texts[index].map { .text($0) } }

        func damaged(_ index: Int) -> DamagedRow { DamagedRow(column: first + index) }
    }
}
