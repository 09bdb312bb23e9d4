import Foundation
import MusicdiffCore
import Testing

@testable import MusicdiffDaemon

/// `replay` says what a difference between the recorded and the replayed starts is made of.
@Suite struct ReplayDifferenceTests {
    static let start = Date(timeIntervalSince1970: 1_795_392_000)

    /// A report whose two sides started syncs that ended as `recorded` and `replayed` say.
    static func report(recorded: [RunEnd?], replayed: [RunEnd?]) throws -> ReplayReport {
        let history = RecordedHistory(
            from: start,
            now: start.addingTimeInterval(86_400),
            moments: [],
            runs: [],
            timeZone: TimeZone(identifier: "UTC")!,
            scheduleText: "every 6h",
            days: 1,
            path: "state.sqlite"
        )
        var report = try ReplayReport(history: history, policy: ShippedPolicies.policy(named: "laptop")!)
        func side(_ ends: [RunEnd?]) -> Replay {
            Replay(
                syncs: ends.enumerated().map { index, end in
                    Replay.Sync(
                        start: start.addingTimeInterval(Double(index) * 3600),
                        waited: .zero,
                        result: end
                    )
                },
                heldBy: [:]
            )
        }
        report.recorded = side(recorded)
        report.replayed = side(replayed)
        return report
    }

    @Test func aStoppedAndRestartedSyncIsNamedAsTheOneMoreStart() throws {
        let report = try Self.report(recorded: [.synced, .stopped, .synced], replayed: [.synced, .synced])
        let lines = report.text().split(separator: "\n").map(String.init)
        #expect(lines.contains("  ended           2 synced, 1 stopped       2 synced"))
        #expect(lines.contains("the starts differ (3 against 2):"))
        #expect(
            lines.contains("  stopped: 1 recorded, 0 replayed (a stopped sync starts again: one more start)")
        )
        #expect(!lines.contains { $0.hasPrefix("  ended well") }, "the syncs that ended well agree")
        #expect(lines.allSatisfy { $0.count <= 80 })
    }

    @Test func equalCountsNeedNoWord() throws {
        let report = try Self.report(recorded: [.synced, .failed], replayed: [.synced, .failed])
        #expect(!report.text().contains("differ"))
    }

    @Test func aFailedRetryAndARunStillGoingAreNamed() throws {
        let report = try Self.report(recorded: [.failed, .synced, nil], replayed: [.synced])
        let text = report.text()
        #expect(text.contains("  failed: 1 recorded, 0 replayed (a failed sync is retried: one more start)"))
        #expect(text.contains("  still running at the end: 1 recorded, 0 replayed"))
    }
}
