import Foundation
import MusicdiffCore
import Testing

@testable import MusicdiffDaemon

/// The deferral ladder in the loop, on a manual clock: the daemon wakes when a step begins.
extension DaemonLoopSmartTests {
    @Test func aBlockedSyncStartsWhenTheStepThatUnblocksItBeginsNotAtThePoll() async throws {
        sensors.network(metered: .yes)
        var policy = Self.policy
        policy.poll = .seconds(3600)
        policy.relax = [RelaxStep(after: .seconds(90), network: .replace(NetworkRule(require: .online)))]
        let clock = ManualWallClock(now: start)
        let (loop, store) = try loop(clock: clock, policy: policy)
        let task = onLoopExecutor { await loop.loop() }
        defer { task.cancel() }
        #expect(await events.wait { $0 == .decided(shouldSync: false, blockers: ["network"]) })
        #expect(
            await clock.sleeps(until: start + 90),
            "the wait ends when the step begins, not after the hour's poll"
        )
        #expect(events.count(Self.started) == 0)
        clock.advance(to: start + 90)
        #expect(await events.wait(Self.started))
        #expect(try store.recentTicks(limit: 1).first?.wouldSync == true)
        // The run watcher's unmetered rule is lifted while the step's online rule allows the run.
        #expect(await events.wait { $0 == .runChecked(stop: nil) })
        #expect(await engine.running())
        engine.finish(SyncResult(outcome: .success))
        #expect(await events.wait { $0 == .syncEnded(.success) })
        #expect(events.count(Self.stopped) == 0)
    }
}
