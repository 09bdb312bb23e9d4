import Foundation

/// How a machine reading is kept in the state store's `tick` table and read back: each state
/// names its own columns, gives their values and is restored from them in its rule's folder
/// (``MachineState/storedColumns``, ``MachineState/storedValues(at:)`` and
/// ``MachineState/restored(from:at:)``), so that the table follows the list of readings and
/// a new reading needs only a migration that adds its columns; these are what they share.
package enum StoredColumns {
    /// The earliest and latest time a stored date may be: years 1 to 9999, as SQLite's own
    /// date functions take them.
    package static let dates: ClosedRange<Double> = -62_135_596_800...253_402_300_799
    /// The earliest a reading's time may be: idle since before it is idle since then.
    static let earliest = Date(timeIntervalSince1970: dates.lowerBound)
    /// The source a reading read back from the store names.
    static let source = "recorded"
}

/// A column of the `tick` table that keeps part of a machine reading.
package struct StoredColumn: Sendable, Equatable {
    /// What a column holds: a number within the range it must lie in to be read back, SQLite's
    /// boolean or text.
    package enum Kind: Sendable, Equatable {
        /// A number within the range.
        case real(ClosedRange<Double>)
        /// A whole number within the range.
        case integer(ClosedRange<Int>)
        /// SQLite's boolean.
        case flag
        /// Text.
        case text
    }

    /// The column's name in the table.
    package let name: String
    /// What it holds.
    package let kind: Kind

    /// The column `name`, holding `kind`.
    init(_ name: String, _ kind: Kind) {
        self.name = name
        self.kind = kind
    }
}

/// A value of a ``StoredColumn``, as it is written and read back; NULL is nil.
package enum StoredValue: Sendable, Hashable {
    /// A number.
    case real(Double)
    /// A whole number.
    case integer(Int)
    /// A boolean (SQLite keeps it as an integer).
    case flag(Bool)
    /// Text.
    case text(String)
}

/// A column of a stored row that does not hold what it must: NULL where a value is needed,
/// a value of the wrong type, a number that is not finite or out of its range. The row is
/// damaged: readers skip it and count it, never stop on it.
package struct DamagedRow: Error, Sendable, Equatable {
    /// The column's index in the query.
    package var column: Int

    /// The damage of column `column`.
    package init(column: Int) { self.column = column }
}

/// The values of one reading's columns in a row read back from the store, read as they are
/// asked for.
package protocol StoredValues {
    /// The value of the reading's column `index` (in ``MachineState/storedColumns`` order):
    /// of the column's kind and within its range, or the row is damaged; nil for NULL.
    func value(_ index: Int) throws(DamagedRow) -> StoredValue?
    /// The damage of the row whose reading's column `index` does not hold what the reading
    /// needs.
    func damaged(_ index: Int) -> DamagedRow
}

extension StoredValues {
    /// What `take` takes out of the value of the reading's column `index`: nil for NULL; a
    /// value it takes nothing out of (one of another kind) makes the row damaged. Inlined into
    /// each kind's reader below: run unspecialized (a state restores itself through its
    /// protocol), it looked up generic metadata for every column read back.
    @inline(__always)
    func value<Value>(_ index: Int, _ take: (StoredValue) -> Value?) throws(DamagedRow) -> Value? {
        guard let value = try value(index) else { return nil }
        guard let taken = take(value) else { throw damaged(index) }
        return taken
    }

    /// The number in the reading's column `index`; nil for NULL.
    func real(_ index: Int) throws(DamagedRow) -> Double? {
        try value(index) { if case .real(let number) = $0 { number } else { nil } }
    }

    /// The whole number in the reading's column `index`; nil for NULL.
    func integer(_ index: Int) throws(DamagedRow) -> Int? {
        try value(index) { if case .integer(let integer) = $0 { integer } else { nil } }
    }

    /// The boolean in the reading's column `index`; nil for NULL.
    func flag(_ index: Int) throws(DamagedRow) -> Bool? {
        try value(index) { if case .flag(let flag) = $0 { flag } else { nil } }
    }

    /// The text in the reading's column `index`; nil for NULL.
    func text(_ index: Int) throws(DamagedRow) -> String? {
        try value(index) { if case .text(let text) = $0 { text } else { nil } }
    }
}
