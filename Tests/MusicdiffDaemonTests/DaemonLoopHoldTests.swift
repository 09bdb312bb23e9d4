import Foundation
import MusicdiffCore
import Testing

@testable import MusicdiffDaemon

/// After a `while_running` stop the loop holds the sync until the reading that stopped it has
/// changed (issue 20, item 1). The parser refuses a policy that would start and stop over and
/// over, so this one is built in code, past that check.
extension DaemonLoopSmartTests {
    /// Starts on any online network; stops on a metered one.
    static let cycling = Policy(
        name: "cycling",
        network: NetworkRule(require: .online),
        poll: .seconds(60),
        whileRunning: WhileRunning(network: NetworkRule(require: .unmetered), grace: .seconds(1)),
        settle: .zero
    )

    /// Waits for the job to start and be checked once, turns the network metered, and waits
    /// for the stop.
    func meteredMidRun() async {
        #expect(await events.wait(Self.started))
        #expect(await events.wait { $0 == .runChecked(stop: nil) })
        sensors.network(metered: .yes)
        #expect(await events.wait(Self.stopped))
    }

    static func heldStatus(_ event: LoopEvent) -> Bool {
        guard case .status(let text) = event else { return false }
        return text.hasSuffix("held after the stop: network: the network turned metered (yes)")
    }

    @Test func aStoppedSyncIsHeldUntilTheReadingThatStoppedItChanges() async throws {
        let (loop, store) = try loop(clock: ManualWallClock(now: start), policy: Self.cycling)
        let task = onLoopExecutor { await loop.loop() }
        defer { task.cancel() }
        await meteredMidRun()
        // Today's start rules allow it at once; without the hold it starts again here.
        #expect(await events.wait { Self.heldStatus($0) || events.count(Self.started) > 1 })
        #expect(events.count(Self.started) == 1, "\(events.all)")
        let reason = "network: the network turned metered (yes)"
        #expect(try store.value(StateStore.Key.stopHold) == reason, "for daemon status")
        var status = DaemonStatus()
        status.pid = 1
        status.heldAfterStop = reason
        #expect(
            status.text(now: start).contains("\nheld after the stop until the reading changes: \(reason)\n")
        )
        // Other readings come and go; the network stays metered: still held.
        for percent in [90.0, 80, 70] {
            let decisions = events.count { if case .decided = $0 { true } else { false } }
            sensors.battery(onBattery: false, percent)
            #expect(await events.wait(for: decisions + 1) { if case .decided = $0 { true } else { false } })
        }
        #expect(events.count(Self.started) == 1, "\(events.all)")
        sensors.network(metered: .no)
        #expect(await events.wait(for: 2, Self.started), "it starts again once the network changed")
        #expect(try store.value(StateStore.Key.stopHold) == nil)
    }
}
