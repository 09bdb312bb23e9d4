import Foundation
import MusicdiffCore
import Testing

@testable import MusicdiffDaemon

/// The settle period after a resume follows the policy in force, and what the store says of it
/// (for `daemon status` and `why-not`) follows the loop (issue 20, item 8).
extension DaemonLoopSmartTests {
    func settleUntil(_ store: StateStore) throws -> String? { try store.value(StateStore.Key.settleUntil) }

    @Test func aReloadThatShortensSettleEndsTheSettlePeriodSooner() async throws {
        let clock = ManualWallClock(now: start)
        var policy = Self.policy
        policy.settle = .seconds(600)
        let (loop, store) = try loop(clock: clock, policy: policy)
        sensors.network(metered: .yes)
        let task = onLoopExecutor { await loop.loop() }
        defer { task.cancel() }
        #expect(await events.wait { $0 == .decided(shouldSync: false, blockers: ["network"]) })
        loop.noteResume(how: "logind")
        #expect(await events.wait { $0 == .sleep(preparing: false) })
        sensors.network(metered: .no)
        #expect(await clock.sleeps(until: start + 600))
        policy.settle = .seconds(30)
        loop.settings.withLock { $0.policy = PolicyResolver.Resolved(policy: policy, origin: .shipped) }
        loop.inbox.post(.settingsChanged)
        #expect(await clock.sleeps(until: start + 30), "the new settle counts from the resume")
        #expect(try settleUntil(store) == String((start + 30).timeIntervalSince1970))
        #expect(events.count(Self.started) == 0)
        clock.advance(to: start + 30)
        #expect(await events.wait(Self.started))
        #expect(try settleUntil(store) == nil, "daemon status says no more that it settles")
    }

    @Test func aSettleEndLeftByAnEarlierDaemonIsClearedBeforeASyncRuns() async throws {
        let (loop, store) = try loop(clock: ManualWallClock(now: start))
        try store.setValue(String((start + 600).timeIntervalSince1970), for: StateStore.Key.settleUntil)
        let task = onLoopExecutor { await loop.loop() }
        defer { task.cancel() }
        #expect(await events.wait(Self.started))
        #expect(try settleUntil(store) == nil, "this daemon saw no resume: it does not settle")
    }
}
