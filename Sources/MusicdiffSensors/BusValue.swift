/// A D-Bus value as Swift sees it, converted from a GVariant on the GLib thread so that code
/// reading replies and signals needs no C.
enum BusValue: Sendable, Equatable {
    /// `b`.
    case bool(Bool)
    /// `n`, `i`, `x`, `h`.
    case int(Int64)
    /// `y`, `q`, `u`, `t`.
    case uint(UInt64)
    /// `d`.
    case double(Double)
    /// `s`, `o`, `g`.
    case string(String)
    /// An array other than a string-keyed dictionary; also a maybe.
    case array([BusValue])
    /// A string-keyed dictionary (`a{sv}`, `a{ss}`...).
    case dict([String: BusValue])
    /// A tuple or dictionary entry.
    case tuple([BusValue])

    /// The Boolean, if this is one.
    var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The unsigned or non-negative integer, if this is one.
    var uint: UInt64? {
        switch self {
        case .uint(let value): value
        case .int(let value) where value >= 0: UInt64(value)
        default: nil
        }
    }

    /// The string, if this is one.
    var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The elements of a tuple or array.
    var elements: [BusValue] {
        switch self {
        case .tuple(let values), .array(let values): values
        default: []
        }
    }

    /// The string-keyed entries of a dictionary.
    var entries: [String: BusValue] {
        if case .dict(let values) = self { return values }
        return [:]
    }

    /// The element at `index` of a tuple or array.
    subscript(index: Int) -> BusValue? {
        let values = elements
        return values.indices.contains(index) ? values[index] : nil
    }
}
