/// RFC 2045's quoted-printable encoding of one line of text: printable ASCII stays as it
/// is, every other byte becomes `=XX`, and the line is cut with soft breaks (`=` at the
/// end) so that no encoded line is longer than 76 octets.
enum QuotedPrintable {
    /// The longest encoded line, soft break included.
    static let lineLimit = 76

    /// The encoded lines of `line` (UTF-8 bytes, without its line end).
    static func encode(_ line: [UInt8]) -> [String] {
        var lines: [String] = []
        var current = ""
        for (index, byte) in line.enumerated() {
            let isLast = index == line.count - 1
            // Spaces and tabs are kept, except at the end of the line, where they are encoded.
            let plain =
                (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "="))
                || ((byte == 0x20 || byte == 0x09) && !isLast)
            let token = plain ? String(UnicodeScalar(byte)) : "=" + hex(byte)
            // Room for the soft break's `=`, unless this is the line's last token.
            let room = isLast ? lineLimit : lineLimit - 1
            if current.utf8.count + token.utf8.count > room {
                lines.append(current + "=")
                current = ""
            }
            current += token
        }
        lines.append(current)
        return lines
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}
