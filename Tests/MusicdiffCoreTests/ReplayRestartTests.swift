import Foundation
import Testing

@testable import MusicdiffCore

/// A sync stopped by a `while_running` rule and started again a moment later (the daemon does
/// both within a second when the network turns metered and back): the replay under the same
/// policy stops its own run on the recorded readings and starts the second one, however short
/// the recorded runs were.
@Suite struct ReplayRestartTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_014_400)
    static func at(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }

    static let policy = Policy(
        name: "rec",
        network: NetworkRule(require: .unmetered),
        whileRunning: WhileRunning(network: NetworkRule(require: .unmetered), grace: .seconds(5)),
        settle: .zero
    )

    static func readings(_ metered: NetworkState.Metered) -> Snapshot {
        Snapshot.testing(network: Fixture.network(metered, .wifi, ssid: "Home"))
    }

    /// The recorded daemon's moments: started on a metered network, a start at 10 s when it
    /// turned unmetered, stopped `stop` seconds later when it turned metered again, a blocked
    /// decision, and the restart `restart` seconds after the stop.
    static func moments(stop: Double, restart: Double) -> [RecordedMoment] {
        let stopAt = 10 + stop
        func moment(
            _ seconds: Double,
            _ kind: RecordedMoment.Kind,
            _ metered: NetworkState.Metered
        ) -> RecordedMoment {
            RecordedMoment(
                at: at(seconds),
                kind: kind,
                policy: "rec",
                failed: kind == .decision ? ["network"] : [],
                dueSince: kind == .syncEnd ? nil : t0,
                readings: readings(metered),
                runEnd: kind == .syncEnd ? (seconds == stopAt ? .stopped : .synced) : nil
            )
        }
        return [
            moment(0, .daemonStart, .yes), moment(0.01, .decision, .yes), moment(10, .syncStart, .no),
            moment(stopAt, .syncEnd, .yes), moment(stopAt + 0.01, .decision, .yes),
            moment(stopAt + restart, .syncStart, .no), moment(stopAt + restart + 3, .syncEnd, .no),
        ]
    }

    @Test(arguments: [(0.2, 0.3), (0.9, 0.05), (3, 4)])
    func aStopAndARestartAreReplayedAsRecorded(stop: Double, restart: Double) {
        let moments = Self.moments(stop: stop, restart: restart)
        let replay = Replay.replay(
            Self.policy,
            plan: SchedulePlan(
                schedule: .interval(.seconds(6 * 3600)),
                timeZone: TimeZone(identifier: "UTC")!
            ),
            moments: moments,
            lastSync: nil,
            from: Self.t0,
            to: Self.at(3600),
            syncLength: .milliseconds(100)
        )
        let recorded = Replay.recorded(moments, from: Self.t0, to: Self.at(3600))
        #expect(recorded.syncs.map(\.result) == [.stopped, .synced])
        #expect(replay.syncs.map(\.result) == [.stopped, .synced], "\(replay.syncs)")
        for (was, again) in zip(recorded.syncs, replay.syncs) {
            #expect(abs(was.start.timeIntervalSince(again.start)) <= 2)
        }
    }
}
