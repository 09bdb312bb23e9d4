import Foundation
import Testing

@testable import MusicdiffCore

/// The overdue alert's timing and words, on hand-made histories: once a day while it lasts,
/// not before the threshold, ended by a success.
@Suite struct OverdueAlertTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_014_400)
    static func at(hours: Double) -> Date { t0.addingTimeInterval(hours * 3600) }
    static let threshold: Duration = .seconds(3 * 86_400)

    static func blocked(_ hours: Double, _ rule: String) -> RecordedMoment {
        RecordedMoment(at: at(hours: hours), kind: .decision, failed: [rule])
    }

    static func due(lastSuccess: Date?, lastAlert: Date?, at hours: Double) -> OverdueAlert? {
        OverdueAlert.due(
            threshold: threshold,
            lastSuccess: lastSuccess,
            lastAlert: lastAlert,
            moments: [blocked(6, "network"), blocked(46, "idle"), blocked(58, "network")],
            now: at(hours: hours)
        )
    }

    @Test(
        arguments: [
            // (hours since the last success, the last alert (hours), whether an alert is due)
            (71.9, nil, false), (72.0, nil, true), (80.0, 72.0, false), (95.9, 72.0, false),
            (96.0, 72.0, true),
            (80.0, -10.0, true),  // an alert before the last success belongs to an older spell
        ] as [(Double, Double?, Bool)]
    )
    func onceADayWhileItLasts(hours: Double, lastAlert: Double?, due: Bool) {
        let alert = Self.due(lastSuccess: Self.t0, lastAlert: lastAlert.map { Self.at(hours: $0) }, at: hours)
        #expect((alert != nil) == due)
    }

    /// The time the daemon's timer wakes it for the next alert: the threshold after the last
    /// success, then a day after each alert.
    @Test func theNextAlertIsDueAtTheThresholdThenADayAfterEachAlert() {
        let next = { (alert: Double?) in
            OverdueAlert.nextAt(
                threshold: Self.threshold,
                lastSuccess: Self.t0,
                lastAlert: alert.map { Self.at(hours: $0) }
            )
        }
        #expect(next(nil) == Self.at(hours: 72))
        #expect(next(72) == Self.at(hours: 96))
        #expect(next(-10) == Self.at(hours: 72), "an alert before the last success belongs to an older spell")
        #expect(OverdueAlert.nextAt(threshold: Self.threshold, lastSuccess: nil, lastAlert: nil) == nil)
    }

    @Test func noKnownSuccessSaysNothing() {
        #expect(Self.due(lastSuccess: nil, lastAlert: nil, at: 100) == nil)
    }

    @Test func theMessageSaysHowLongWhatHeldItAndTheDeadline() throws {
        var alert = try #require(Self.due(lastSuccess: Self.t0, lastAlert: nil, at: 76))
        #expect(alert.heldBy.map(\.rule) == ["network", "idle"])
        #expect(alert.heldBy.map(\.held) == [.seconds((40 + 18) * 3600), .seconds(12 * 3600)])
        alert.deadline = Self.at(hours: 90)
        #expect(
            alert.lines { _ in "Thu 02:00" } == [
                "No sync has succeeded for 3d 4h.", "Held by network 2d 10h, idle 12h.",
                "Sync by: Thu 02:00 at the latest.", "Run 'musicdiff why-not' to see more.",
            ]
        )
    }
}
