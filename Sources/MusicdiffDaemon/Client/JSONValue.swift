import MusicdiffCore

/// A JSON value whose objects keep their keys in the order written, so that output reads
/// in the order the design documents it.
package enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    /// The value as compact JSON text.
    package var text: String {
        var out = ""
        write(to: &out)
        return out
    }

    private func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .number(let value):
            out += value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        case .string(let value): Self.write(string: value, to: &out)
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                item.write(to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { out += "," }
                Self.write(string: key, to: &out)
                out += ":"
                value.write(to: &out)
            }
            out += "}"
        }
    }

    private static func write(string: String, to out: inout String) {
        out += DoubleQuoted.text(string) { scalar in
            switch scalar.value {
            case 0x0D: "\\r"
            case ..<0x20: DoubleQuoted.hex(scalar.value, "\\u", digits: 4)
            default: nil
            }
        }
    }

    /// Equal when the texts are equal.
    package static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.text == rhs.text }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral {
    /// A string value.
    package init(stringLiteral value: String) { self = .string(value) }
    /// A boolean value.
    package init(booleanLiteral value: Bool) { self = .bool(value) }
}
