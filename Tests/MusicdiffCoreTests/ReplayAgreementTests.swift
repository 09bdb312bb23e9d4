import Foundation
import Testing

@testable import MusicdiffCore

/// The simulator and `replay` drive the same state machine: a week simulated under a policy
/// and replayed under that policy starts the same syncs, for every shipped policy.
@Suite struct ReplayAgreementTests {
    static let names = ShippedPolicies.names

    static func week(_ name: String, busy: Bool = false) -> (recorded: Replay, replayed: Replay) {
        let policy = FixtureWeek.policy(name)
        let simulated = HistorySimulator.laptop(
            policy: policy,
            plan: FixtureWeek.plan,
            start: FixtureWeek.monday,
            days: 7,
            busy: busy
        )
        .run(from: FixtureWeek.monday, to: FixtureWeek.end)
        let recorded = Replay.recorded(simulated.moments, from: FixtureWeek.monday, to: FixtureWeek.end)
        let replayed = Replay.replay(
            policy,
            plan: FixtureWeek.plan,
            moments: simulated.moments,
            lastSync: nil,
            from: FixtureWeek.monday,
            to: FixtureWeek.end,
            syncLength: .seconds(600)
        )
        return (recorded, replayed)
    }

    @Test(arguments: names)
    func theSamePolicyReplaysTheRecordedSyncs(_ name: String) {
        let (recorded, replayed) = Self.week(name)
        #expect(!recorded.syncs.isEmpty)
        #expect(replayed.syncs.map(\.start) == recorded.syncs.map(\.start))
        #expect(replayed.syncs.map(\.waited) == recorded.syncs.map(\.waited))
    }

    @Test(arguments: names)
    func aBusyWeekReplaysTheRecordedSyncsToo(_ name: String) {
        let (recorded, replayed) = Self.week(name, busy: true)
        #expect(replayed.syncs.map(\.start) == recorded.syncs.map(\.start))
    }

    @Test func fridaysStopOnTheHotspotIsReplayedWithItsRestart() {
        let (recorded, replayed) = Self.week("laptop")
        let friday = FixtureWeek.monday.addingTimeInterval(4 * 86_400 + 4 * 3600)
        let starts = recorded.syncs.map(\.start).filter {
            $0 >= friday && $0 < friday.addingTimeInterval(6 * 3600)
        }
        #expect(starts.count == 2, "stopped two minutes in on the hotspot, started again once home")
        if starts.count == 2 { #expect(starts[1].timeIntervalSince(starts[0]) == 180) }
        #expect(replayed.syncs.map(\.start).filter { starts.contains($0) } == starts)
    }
}
