import Foundation
import GRDB
import MusicdiffCore

/// Reads a row's columns by index, checking each value where it enters: every query of the
/// store decodes its rows through one. GRDB's typed subscripts stop the process on a NULL
/// or a wrong type, and SQLite lets any column hold any value, so the store's own file, a
/// copy from elsewhere or a hand edit can hold anything.
struct RowReader {
    /// The row read.
    let row: Row

    /// The earliest and latest time a stored date may be (``StoredColumns/dates``).
    static let dates = StoredColumns.dates

    /// Any finite number.
    static let finite: ClosedRange<Double> = -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude

    /// The value of column `index`; NULL past the row's end.
    func value(_ index: Int) -> DatabaseValue {
        isNull(index) ? .null : row[index] as DatabaseValue
    }

    /// Whether column `index` is NULL (or past the row's end), without decoding its value
    /// (GRDB's generic decoding is most of the cost of reading a column).
    func isNull(_ index: Int) -> Bool { index >= row.count || row.hasNull(atIndex: index) }

    /// A number (an integer is one too), finite and within `range`; nil for NULL.
    func optionalDouble(_ index: Int, in range: ClosedRange<Double> = finite) throws(DamagedRow) -> Double? {
        let number: Double
        switch value(index).storage {
        case .null: return nil
        case .int64(let integer): number = Double(integer)
        case .double(let double): number = double
        case .string, .blob: throw DamagedRow(column: index)
        }
        guard number.isFinite, range.contains(number) else { throw DamagedRow(column: index) }
        return number
    }

    /// A number, finite and within `range`.
    func double(_ index: Int, in range: ClosedRange<Double> = finite) throws(DamagedRow) -> Double {
        guard let number = try optionalDouble(index, in: range) else { throw DamagedRow(column: index) }
        return number
    }

    /// A whole number within `range` (a float with no fraction is one); nil for NULL.
    func optionalInt(_ index: Int, in range: ClosedRange<Int>) throws(DamagedRow) -> Int? {
        let integer: Int
        switch value(index).storage {
        case .null: return nil
        case .int64(let stored): integer = Int(stored)
        case .double(let double):
            guard double.rounded() == double, let exact = Int(exactly: double) else {
                throw DamagedRow(column: index)
            }
            integer = exact
        case .string, .blob: throw DamagedRow(column: index)
        }
        guard range.contains(integer) else { throw DamagedRow(column: index) }
        return integer
    }

    /// A whole number within `range`.
    func int(_ index: Int, in range: ClosedRange<Int>) throws(DamagedRow) -> Int {
        guard let integer = try optionalInt(index, in: range) else { throw DamagedRow(column: index) }
        return integer
    }

    /// SQLite's boolean, an integer (zero is false); nil for NULL.
    func optionalBool(_ index: Int) throws(DamagedRow) -> Bool? {
        switch value(index).storage {
        case .null: return nil
        case .int64(let integer): return integer != 0
        case .double, .string, .blob: throw DamagedRow(column: index)
        }
    }

    /// SQLite's boolean.
    func bool(_ index: Int) throws(DamagedRow) -> Bool {
        guard let bool = try optionalBool(index) else { throw DamagedRow(column: index) }
        return bool
    }

    /// Text; nil for NULL.
    func optionalText(_ index: Int) throws(DamagedRow) -> String? {
        switch value(index).storage {
        case .null: return nil
        case .string(let text): return text
        case .int64, .double, .blob: throw DamagedRow(column: index)
        }
    }

    /// Text.
    func text(_ index: Int) throws(DamagedRow) -> String {
        guard let text = try optionalText(index) else { throw DamagedRow(column: index) }
        return text
    }

    /// Text that names one of `T`'s cases.
    func named<T: RawRepresentable<String>>(_ index: Int, as type: T.Type = T.self) throws(DamagedRow) -> T {
        guard let value = T(rawValue: try text(index)) else { throw DamagedRow(column: index) }
        return value
    }

    /// A time as seconds since 1970 (a ``StateStore/seconds(_:)`` column), to the
    /// millisecond as stored; nil for NULL (SQLite's answer for text that is no date).
    func optionalDate(_ index: Int) throws(DamagedRow) -> Date? {
        try optionalDouble(index, in: Self.dates).map {
            Date(timeIntervalSince1970: ($0 * 1000).rounded() / 1000)
        }
    }

    /// A time, as ``optionalDate(_:)`` reads it.
    func date(_ index: Int) throws(DamagedRow) -> Date {
        guard let date = try optionalDate(index) else { throw DamagedRow(column: index) }
        return date
    }
}

/// Rows read from the store: the values of those that decoded, and how many damaged ones
/// were skipped.
package struct StoredRows<Value: Sendable>: Sendable {
    /// The decoded values, in the query's order.
    package var values: [Value] = []
    /// How many rows were damaged, and skipped.
    package var damaged = 0
    /// Whether there were more rows than the read takes: the oldest were left out.
    package var limited = false

    /// Decodes `row` with `decode`: keeps its value, or counts it as damaged.
    mutating func add(_ row: Row, _ decode: (RowReader) throws(DamagedRow) -> Value) {
        do {
            values.append(try decode(RowReader(row: row)))
        } catch {
            damaged += 1
        }
    }
}
