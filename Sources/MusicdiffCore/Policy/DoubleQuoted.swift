/// Writes text in double quotes, as YAML, JSON and systemd's command lines read it: the one
/// loop their three writers share, each giving only what its format escapes beyond the common
/// `\"`, `\\`, `\n` and `\t`.
package enum DoubleQuoted {
    /// `text` in double quotes: `"` and `\` backslash-escaped, line feed and tab as `\n` and
    /// `\t`, every other scalar for which `special` gives a text written as that text, the
    /// rest as they are.
    package static func text(_ text: String, escaping special: (Unicode.Scalar) -> String?) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if let escaped = special(scalar) {
                    out += escaped
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// `value` in `digits` lower-case hexadecimal digits at least, after `prefix` (`\x`, `\u`).
    package static func hex(_ value: UInt32, _ prefix: String, digits: Int) -> String {
        let hex = String(value, radix: 16)
        return prefix + String(repeating: "0", count: max(0, digits - hex.count)) + hex
    }
}
