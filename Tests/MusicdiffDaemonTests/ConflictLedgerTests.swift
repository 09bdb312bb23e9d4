import Foundation
import MusicdiffCore
import Synchronization
import Testing

@testable import MusicdiffDaemon

/// A conflict is announced once: again only after it was absent from a run or 24 h passed.
@Suite struct ConflictLedgerTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let track = SyncRun.Conflict(entityType: "track", entityId: "42")
    static let playlist = SyncRun.Conflict(entityType: "playlist", entityId: "road trip")

    static func result(_ conflicts: [SyncRun.Conflict], summary: Bool = true) -> SyncResult {
        SyncResult(outcome: .success, changesApplied: summary ? 1 : nil, conflicts: conflicts)
    }

    @Test func aConflictAnnouncedWithinADayIsQuietAndAfterItIsAnnouncedAgain() {
        let announced = [ConflictLedger.Key(Self.track): Self.now.addingTimeInterval(-3600)]
        let soon = ConflictLedger(
            for: Self.result([Self.track, Self.playlist]),
            announced: announced,
            now: Self.now
        )
        #expect(soon.announce == [Self.playlist] && soon.quiet == [Self.track] && soon.forget.isEmpty)
        let later = ConflictLedger(
            for: Self.result([Self.track]),
            announced: announced,
            now: Self.now.addingTimeInterval(23 * 3600)
        )
        #expect(later.announce == [Self.track], "24 h after it was announced")
    }

    @Test func aConflictAbsentFromARunIsForgottenButARunWithoutASummarySaysNothing() {
        let announced = [ConflictLedger.Key(Self.track): Self.now]
        #expect(
            ConflictLedger(for: Self.result([Self.playlist]), announced: announced, now: Self.now).forget == [
                ConflictLedger.Key(Self.track)
            ]
        )
        #expect(
            ConflictLedger(for: Self.result([], summary: false), announced: announced, now: Self.now).forget
                .isEmpty
        )
    }

    @Test func aConflictListedTwiceInARunIsAnnouncedOnce() {
        let ledger = ConflictLedger(
            for: Self.result([Self.track, Self.track]),
            announced: [:],
            now: Self.now
        )
        #expect(ledger.announce == [Self.track])
    }

    @Test func acrossRunsTheStoreRemembersWhatWasAnnounced() async throws {
        let folder = try ScratchFolder()
        let store = try StateStore.open(path: folder.file("state.sqlite"))
        let recorder = ConflictNotifiersTests.Recorder("fake")
        let settings = ConflictNotifiersTests.settings(notify: true)
        func run(_ conflicts: [SyncRun.Conflict], at hours: Double) async -> ConflictNotifiers.Outcome {
            await ConflictNotifiers.announceOnce(
                Self.result(conflicts),
                settings: settings,
                store: store,
                now: Self.now.addingTimeInterval(hours * 3600)
            ) { _ in [recorder] }
        }
        _ = await run([Self.track, Self.playlist], at: 0)
        let second = await run([Self.track, Self.playlist], at: 1)
        #expect(
            second.reports.isEmpty && second.quiet == [Self.track, Self.playlist],
            "all announced: nothing sent"
        )
        _ = await run([Self.playlist], at: 2)
        _ = await run([Self.track, Self.playlist], at: 3)
        _ = await run([Self.track, Self.playlist], at: 4)
        _ = await run([Self.track, Self.playlist], at: 25)
        #expect(
            recorder.calls.withLock { $0 } == [[Self.track, Self.playlist], [Self.track], [Self.playlist]],
            "both; the track again once it was resolved and came back; the playlist after 24 h"
        )
    }

    @Test func whenEveryNotifierFailsTheNextRunTriesAgain() async throws {
        let folder = try ScratchFolder()
        let store = try StateStore.open(path: folder.file("state.sqlite"))
        let failing = ConflictNotifiersTests.Recorder("down", failing: .notification("cannot", "no bus"))
        let settings = ConflictNotifiersTests.settings(notify: true)
        for hour in 0..<2 {
            let outcome = await ConflictNotifiers.announceOnce(
                Self.result([Self.track]),
                settings: settings,
                store: store,
                now: Self.now.addingTimeInterval(Double(hour) * 3600)
            ) { _ in [failing] }
            #expect(outcome.reports.count == 1 && outcome.quiet.isEmpty)
        }
        #expect(failing.calls.withLock { $0.count } == 2)
    }
}
