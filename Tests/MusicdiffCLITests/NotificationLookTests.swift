import Foundation
import MusicdiffCore
import MusicdiffDaemon
import MusicdiffTestSupport
import Testing

/// The conflict popup as a notification server gets it (python-dbusmock's
/// `notification_daemon` on a private session bus): a list short enough to be shown whole,
/// the command that lists the rest, and the name, icon and hints that say where it came from.
@Suite struct NotificationLookTests {
    /// The repository's folder.
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    static func conflicts(_ count: Int) -> [SyncRun.Conflict] {
        (1...count).map {
            SyncRun.Conflict(entityType: "album", entityId: "Greatest Hits \($0) (Deluxe Edition) <remaster>")
        }
    }

    @Test func fortyConflictsShowFiveThenHowManyMoreAndTheCommand() async throws {
        let bus = try MockBus(kind: .session)
        let server = try NotificationServer(bus: bus)
        try await DesktopNotifier(address: bus.address).notify(conflicts: Self.conflicts(40))
        let shown = try #require(try server.notifications().first)
        #expect(shown.summary == "MusicDiff: 40 conflicts")
        let lines = shown.body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.filter { $0.hasPrefix("  • ") }.count == 5, "\(lines)")
        #expect(lines.first == "  • album: Greatest Hits 1 (Deluxe Edition) &lt;remaster&gt;")
        #expect(lines.contains("  and 35 more"))
        #expect(lines.last == "Run 'musicdiff conflicts' to see them all.")
        #expect(lines.count == 8, "five entries, the count of the rest, a blank line and the command")
    }

    @Test func itCarriesTheAppNameAnIconAndTheHints() async throws {
        let bus = try MockBus(kind: .session)
        let server = try NotificationServer(bus: bus)
        try await DesktopNotifier(address: bus.address).notify(conflicts: Self.conflicts(2))
        let shown = try #require(try server.notifications().first)
        #expect(shown.appName == "musicdiff")
        #expect(!shown.icon.isEmpty)
        #expect(shown.hints["desktop-entry"] == "musicdiff")
        #expect(shown.hints["urgency"] == "1", "normal")
        #expect(shown.body.split(separator: "\n").filter { $0.hasPrefix("  • ") }.count == 2)
        #expect(!shown.body.contains("more"))
    }

    @Test func theDesktopFileItNamesIsInTheRepositoryHiddenFromMenus() throws {
        let entry = try String(contentsOfFile: Self.repository + "/dist/musicdiff.desktop", encoding: .utf8)
        let keys = Dictionary(
            entry.split(separator: "\n").compactMap { line -> (String, String)? in
                let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
                return parts.count == 2 ? (parts[0], parts[1]) : nil
            },
            uniquingKeysWith: { first, _ in first }
        )
        #expect(entry.hasPrefix("[Desktop Entry]\n"))
        #expect(keys["NoDisplay"] == "true")
        #expect(keys["Type"] == "Application")
        #expect(keys["Icon"] == "musicdiff")
        #expect(FileManager.default.fileExists(atPath: Self.repository + "/dist/musicdiff.svg"))
    }
}
