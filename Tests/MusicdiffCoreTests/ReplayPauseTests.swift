import Foundation
import Testing

@testable import MusicdiffCore

/// `replay` follows the user's pauses as the daemon recorded them: no replayed sync starts
/// while the recorded daemon was paused, and one starts once it was not.
@Suite struct ReplayPauseTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_014_400)
    static func at(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }

    static func decision(_ seconds: Double, paused: Bool) -> RecordedMoment {
        RecordedMoment(
            at: at(seconds),
            kind: .decision,
            policy: "any",
            wouldSync: !paused,
            failed: paused ? [DaemonMachine.pausedMoment] : [],
            dueSince: t0
        )
    }

    static func replay(_ moments: [RecordedMoment]) -> Replay {
        Replay.replay(
            Policy(name: "any"),
            plan: SchedulePlan(
                schedule: .interval(.seconds(6 * 3600)),
                timeZone: TimeZone(identifier: "UTC")!
            ),
            moments: moments,
            lastSync: nil,
            from: t0,
            to: at(3 * 3600)
        )
    }

    @Test(arguments: [true, false])
    func aDaemonThatStartedPausedSyncsOnlyOnceThePauseIsOver(paused: Bool) {
        let moments = [
            RecordedMoment(at: Self.t0, kind: .daemonStart, policy: "any", dueSince: Self.t0),
            Self.decision(0, paused: paused), Self.decision(3600, paused: paused),
            Self.decision(7200, paused: false),
        ]
        let starts = Self.replay(moments).syncs.map(\.start)
        #expect(starts == [paused ? Self.at(7200) : Self.t0])
    }
}
