import Foundation

/// A plain-text e-mail as RFC 5322 wants it on the wire: `Date`, `Message-ID`, `From`, `To`,
/// `Subject`, `MIME-Version`, `Content-Type: text/plain; charset=utf-8` and
/// `Content-Transfer-Encoding: quoted-printable` headers, CRLF line ends. The body is
/// quoted-printable (RFC 2045), so no line on the wire exceeds 76 octets, well under
/// RFC 5322's 998, whatever the conflict ids hold.
struct EmailMessage: Sendable, Equatable {
    /// The sender's address.
    var from: String
    /// The recipients' addresses.
    var to: [String]
    /// The subject.
    var subject: String
    /// The text, with `\n` line ends.
    var body: String
    /// When it was written.
    var date: Date
    /// The `Message-ID` header's value, with its angle brackets.
    var messageID: String

    /// The name shown beside the sender's address.
    static let senderName = "MusicDiff"

    /// A message from `from` to `to`, dated `date`, with a fresh message id in `from`'s domain.
    init(from: String, to: [String], subject: String, body: String, date: Date = Date()) {
        self.from = Self.headerSafe(from)
        self.to = to.map(Self.headerSafe)
        self.subject = subject
        self.body = body
        self.date = date
        let domain = from.lastIndex(of: "@").map { String(from[from.index(after: $0)...]) } ?? ""
        let host = domain.isEmpty ? "musicdiff.invalid" : Self.headerSafe(domain)
        messageID = "<\(UUID().uuidString.lowercased())@\(host)>"
    }

    /// The message as sent: headers, a blank line, the body; CRLF throughout.
    var text: String {
        let headers = [
            "Date: \(Self.dateText(date))",
            "Message-ID: \(messageID)",
            "From: \(Self.senderName) <\(from)>",
            "To: \(to.joined(separator: ", "))",
            "Subject: \(Self.encodedHeader(subject))",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
        ]
        let lines = body.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .flatMap { QuotedPrintable.encode(Array($0.utf8)) }
        return (headers + [""] + lines).joined(separator: "\r\n") + "\r\n"
    }

    /// RFC 5322's date: `Sat, 28 Nov 2026 23:40:00 +0100`, in `timeZone`.
    static func dateText(_ date: Date, timeZone: TimeZone = .current) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }

    /// `text` as is when it is printable ASCII, else an RFC 2047 encoded word
    /// (`=?utf-8?b?…?=`) so that a header never carries raw 8-bit bytes.
    static func encodedHeader(_ text: String) -> String {
        let clean = headerSafe(text)
        guard !clean.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 }) else { return clean }
        return "=?utf-8?b?\(Data(clean.utf8).base64EncodedString())?="
    }

    /// `text` with line breaks and other control characters turned to spaces: no header injection.
    static func headerSafe(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }
            )
        )
        .trimmingCharacters(in: .whitespaces)
    }
}
