/// How a machine reading is written on its line of `daemon.sock` (after the reading's name
/// and `known`) and read back: each state gives its own fields in its rule's folder
/// (``MachineState/lineFields`` and ``MachineState/read(lineFields:)``), so that the wire
/// format follows the list of readings; these are the field forms they share (the loop's
/// line on the same socket uses them too).
package enum LineFields {
    /// A reading's value, or the number in it that was refused; nil when its fields are damaged.
    package typealias Parsed<Value> = Result<Value, Rejection>?

    /// An optional number: `=` and the number, or `-` for none.
    package static func optional(_ value: Double?) -> String { value.map { "=" + String($0) } ?? "-" }

    /// An optional text: `=` and the text, or `-` for none.
    package static func optional(_ value: String?) -> String { value.map { "=" + $0 } ?? "-" }

    /// An optional field: nil for damaged text, `.some(nil)` for `-`.
    package static func optional(_ field: String) -> String?? {
        if field == "-" { return .some(nil) }
        guard field.hasPrefix("=") else { return nil }
        return .some(String(field.dropFirst()))
    }

    /// An optional number of `kind`: nil for damaged text, `nil` for `-`.
    package static func optionalNumber(_ field: String, _ kind: OutsideNumber) -> Parsed<Double?> {
        guard let text = optional(field) else { return nil }
        guard let text else { return .success(nil) }
        return kind.check(text: text).map { $0 }
    }
}
