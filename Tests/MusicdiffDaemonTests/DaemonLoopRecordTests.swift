import Foundation
import MusicdiffCore
import Testing

@testable import MusicdiffDaemon

extension DaemonLoopSmartTests {
    /// On battery at 30 %, the sync is blocked; on AC it starts: the running loop's task and store.
    func blockedThenCleared() async throws -> (Task<Void, Never>, StateStore) {
        sensors.battery(onBattery: true, 30)
        let (loop, store) = try loop(clock: ManualWallClock(now: start))
        let task = onLoopExecutor { await loop.loop() }
        #expect(await events.wait { $0 == .decided(shouldSync: false, blockers: ["battery"]) })
        sensors.battery(onBattery: false, 30)
        #expect(await events.wait(Self.started))
        #expect(await engine.running())
        return (task, store)
    }

    @Test func decisionsAndRunsAreRecordedWithTheSnapshotsTheyWereMadeOn() async throws {
        let (task, store) = try await blockedThenCleared()
        defer { task.cancel() }
        engine.finish(SyncResult(outcome: .success, changesApplied: 1))
        #expect(await events.wait { $0 == .syncEnded(.success) })
        let moments = try store.moments(from: .distantPast)
        #expect(moments.map(\.kind).prefix(5) == [.daemonStart, .decision, .decision, .syncStart, .syncEnd])
        let blocked = try #require(moments.first { $0.kind == .decision })
        #expect(blocked.failed == ["battery"] && blocked.policy == "test" && !blocked.wouldSync)
        #expect(
            blocked.readings.battery.value?.percent == 30 && blocked.readings.battery.value?.onBattery == true
        )
        #expect(blocked.readings.network.value?.ssid == "Home")
        #expect(blocked.dueSince == start)
        #expect(moments.first { $0.kind == .syncEnd }?.runEnd == .synced)
    }
}
