import Foundation
import Testing

@testable import MusicdiffCore

@Suite struct ReplayTests {
    static func replay(_ name: String, length: Duration = .seconds(600)) -> Replay {
        Replay.replay(
            FixtureWeek.policy(name),
            plan: FixtureWeek.plan,
            moments: FixtureWeek.recorded.moments,
            lastSync: nil,
            from: FixtureWeek.monday,
            to: FixtureWeek.end,
            syncLength: length
        )
    }

    static let recorded = Replay.recorded(
        FixtureWeek.recorded.moments,
        from: FixtureWeek.monday,
        to: FixtureWeek.end
    )

    static func hours(_ hours: Int, _ minutes: Int = 0) -> Duration { .seconds(hours * 3600 + minutes * 60) }

    @Test func whatHappenedIsReadFromTheRecord() {
        let recorded = Self.recorded
        #expect(recorded.syncs.count == 22, "21 syncs and Friday's stopped one")
        #expect(recorded.medianWait == .seconds(38 * 60 + 30))
        #expect(
            recorded.maxWait == Self.hours(4, 50),
            "an evening's idle hold, as the history grid's longest; Wednesday's start at 23:10, due since 11:30, waited 2h 10m: the daemon was down 09:00 to 21:00"
        )
        let wednesday = recorded.syncs.first { $0.waited == Self.hours(2, 10) }
        #expect(wednesday != nil, "a wait counts only while the daemon ran")
        #expect(recorded.longestHeld?.rule == "idle")
        #expect(recorded.longestHeld?.held == Self.hours(33, 27))
    }

    @Test func theSamePolicyReplaysTheSameSyncsWithTheStopAndItsRestart() {
        let replay = Self.replay("laptop")
        #expect(replay.syncs.map(\.start) == Self.recorded.syncs.map(\.start))
        #expect(replay.maxWait == Self.hours(4, 50))
        #expect(replay.longestHeld?.rule == "idle")
    }

    @Test func aStricterPolicyWaitsForItsWindow() {
        let replay = Self.replay("conservative")
        #expect(
            replay.syncs.count == 7,
            "12h apart at least, only 01:00 to 06:00, so once a night; Friday's stopped on the hotspot and started again"
        )
        #expect(replay.medianWait == Self.hours(17, 50))
        #expect(replay.maxWait == Self.hours(29, 20))
        #expect(replay.longestHeld?.rule == "window")
        #expect(replay.longestHeld?.held == Self.hours(87, 20))
    }

    @Test func aPolicyWithALongerIdleSyncsOnItsOwnPollBetweenRecordedMoments() {
        let replay = Self.replay("desktop")
        // idle 15m: blocked at 23:10 (the recorded sync's start), then the replayed daemon's
        // own poll ticks on those readings, until 23:15.
        #expect(replay.syncs.count == 21)
        #expect(replay.syncs[3].start == FixtureWeek.monday.addingTimeInterval(23 * 3600 + 15 * 60))
        #expect(replay.longestHeld?.rule == "idle")
    }

    @Test func whereNothingWasRecordedTheReplayWaitsForTheNextMoment() {
        // conservative's window opens at 01:00, but nothing is recorded from 23:20 (10
        // minutes of readings after it) to 05:20: the replayed sync starts then (on Friday it
        // meets the hotspot at 05:22 and starts again at 05:23, back on home Wi-Fi).
        let starts = Self.replay("conservative").syncs.map {
            LocalInstant(date: $0.start, utcOffset: 0).secondOfDay
        }
        #expect(starts.filter { $0 != 5 * 3600 + 23 * 60 }.allSatisfy { $0 == 5 * 3600 + 20 * 60 })
        #expect(starts.count { $0 == 5 * 3600 + 23 * 60 } == 1)
    }

    @Test func noMomentsReplayToNothing() {
        let replay = Replay.replay(
            FixtureWeek.policy("laptop"),
            plan: FixtureWeek.plan,
            moments: [],
            lastSync: nil,
            from: FixtureWeek.monday,
            to: FixtureWeek.end
        )
        #expect(replay.syncs.isEmpty && replay.medianWait == nil && replay.longestHeld == nil)
    }
}
