import Foundation
import Testing

@testable import MusicdiffDaemon

/// The words of a conflict notification, and the e-mail that carries them.
@Suite struct ConflictMessageTests {
    static func conflicts(_ count: Int) -> [SyncRun.Conflict] {
        (1...count).map { SyncRun.Conflict(entityType: "track", entityId: "\($0)") }
    }

    @Test func theSubjectAndBodyAreTheOriginalDesigns() {
        let message = ConflictMessage(conflicts: [
            .init(entityType: "track", entityId: "42"), .init(entityType: "playlist", entityId: "road trip"),
        ])
        #expect(message.subject == "MusicDiff: 2 conflicts detected")
        #expect(message.title == "MusicDiff: 2 conflicts")
        #expect(
            message.body == """
                MusicDiff detected 2 conflicts during sync:

                  • track: 42
                  • playlist: road trip

                Run 'musicdiff conflicts' to see them all.
                """
        )
        #expect(
            message.shortBody
                == "  • track: 42\n  • playlist: road trip\n\nRun 'musicdiff conflicts' to see them all."
        )
    }

    @Test func oneConflictIsSingular() {
        let message = ConflictMessage(conflicts: Self.conflicts(1))
        #expect(message.subject == "MusicDiff: 1 conflict detected")
        #expect(message.title == "MusicDiff: 1 conflict")
        #expect(message.body.hasPrefix("MusicDiff detected 1 conflict during sync:\n\n  • track: 1\n"))
    }

    @Test(arguments: [(50, 50, nil), (51, 50, "  and 1 more"), (120, 50, "  and 70 more")])
    func atMostFiftyAreListedThenTheRestCounted(count: Int, listed: Int, tail: String?) {
        let message = ConflictMessage(conflicts: Self.conflicts(count))
        #expect(message.subject == "MusicDiff: \(count) conflicts detected")
        #expect(message.lines.filter { $0.hasPrefix("  • ") }.count == listed)
        #expect(message.lines.last == tail ?? "  • track: \(count)")
    }

    @Test func controlCharactersAndHugeIdsCannotBreakTheLayout() {
        let long = String(repeating: "x", count: 5_000)
        let message = ConflictMessage(conflicts: [.init(entityType: "track\r\nBcc: x", entityId: long)])
        #expect(message.lines == ["  • track Bcc: x: " + String(repeating: "x", count: 199) + "…"])
    }

    @Test func idsAreCutByBytesTooSoOneCharacterOfManyMarksStaysSmall() {
        let heavy = "e" + String(repeating: "\u{301}", count: 3_000)
        let shown = ConflictMessage.clean(heavy)
        #expect(shown.utf8.count <= ConflictMessage.fieldByteLimit)
        #expect(shown.unicodeScalars.first == "e" && shown.hasSuffix("…"))
        let wide = String(repeating: "é", count: 150)  // 150 characters, 300 bytes: fits both limits
        #expect(ConflictMessage.clean(wide) == wide)
    }

    @Test func everyQuotedPrintableLineFitsAndDecodesBack() {
        let line = Array(("=" + String(repeating: "ü ", count: 200) + "end ").utf8)
        let encoded = QuotedPrintable.encode(line)
        #expect(encoded.allSatisfy { $0.utf8.count <= 76 })
        #expect(encoded.last?.hasSuffix("=20") == true, "a trailing space is encoded")
        #expect(encoded.dropLast().allSatisfy { $0.hasSuffix("=") }, "soft breaks")
        #expect(encoded.first?.hasPrefix("=3D") == true)
    }

    @Test func theEmailIsRFC5322WithCRLFAndUTF8Text() throws {
        let date = Date(timeIntervalSince1970: 1_795_824_000)  // 2026-11-28 00:00:00 UTC
        let message = EmailMessage(
            from: "me@example.com",
            to: ["you@example.org", "them@example.net"],
            subject: "MusicDiff: 1 conflict detected",
            body: "  • track: 42\n\nRun it.",
            date: date
        )
        let text = message.text
        let (head, body) = try #require(text.split(separator: "\r\n\r\n", maxSplits: 1).map(String.init).pair)
        let lines = head.components(separatedBy: "\r\n")
        #expect(lines[0] == "Date: " + EmailMessage.dateText(date))
        #expect(
            EmailMessage.dateText(date, timeZone: TimeZone(identifier: "UTC")!)
                == "Sat, 28 Nov 2026 00:00:00 +0000"
        )
        #expect(lines[1].hasPrefix("Message-ID: <") && lines[1].hasSuffix("@example.com>"))
        #expect(
            Array(lines[2...]) == [
                "From: MusicDiff <me@example.com>", "To: you@example.org, them@example.net",
                "Subject: MusicDiff: 1 conflict detected", "MIME-Version: 1.0",
                "Content-Type: text/plain; charset=utf-8",
                "Content-Transfer-Encoding: quoted-printable",
            ]
        )
        #expect(body == "  =E2=80=A2 track: 42\r\n\r\nRun it.\r\n")
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "no bare LF")
    }

    @Test func headersCannotBeInjectedAndNonASCIISubjectsAreEncoded() {
        let message = EmailMessage(
            from: "me@example.com\r\nBcc: evil@example.com",
            to: ["you@x"],
            subject: "Konflikt ä",
            body: ""
        )
        #expect(message.from == "me@example.com  Bcc: evil@example.com")
        #expect(message.text.contains("Subject: =?utf-8?b?S29uZmxpa3Qgw6Q=?=\r\n"))
        #expect(!message.text.contains("\r\nBcc:"))
    }
}

extension Array {
    /// The two elements of a two-element array.
    var pair: (Element, Element)? { count == 2 ? (self[0], self[1]) : nil }
}
