import Foundation
import MusicdiffCore
import Testing

@testable import MusicdiffDaemon

@Suite struct StateStoreTests {
    let scratch: ScratchFolder
    let folder: String

    init() throws {
        scratch = try ScratchFolder("musicdiff-state")
        folder = scratch.path
    }

    @Test func theStoreAndItsJournalAreForItsOwnerOnly() throws {
        let path = folder + "/state.sqlite"
        let store = try StateStore.open(path: path)
        try store.save(SyncRun(startedAt: Date(), trigger: .manual, outcome: .success))
        for file in [path, path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: file) {
            let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(file)")
        }
    }

    @Test func noDatabaseMeansNoSyncYet() {
        let readings = StateReadings.read(path: folder + "/state.sqlite", historyLimit: 10)
        #expect(readings.lastSync == .known(.never))
        #expect(readings.history.isEmpty)
        #expect(
            !FileManager.default.fileExists(atPath: folder + "/state.sqlite"),
            "reading must not create it"
        )
    }

    @Test func theLastSuccessfulOrPartialRunCountsAndFailuresDoNot() throws {
        let store = try StateStore.open(path: folder + "/state.sqlite")
        let base = Date(timeIntervalSince1970: 1_800_000_000)
        try store.save(SyncRun(startedAt: base, endedAt: base + 60, trigger: .daemon, outcome: .success))
        try store.save(
            SyncRun(startedAt: base + 100, endedAt: base + 160, trigger: .daemon, outcome: .partial)
        )
        try store.save(
            SyncRun(startedAt: base + 200, endedAt: base + 260, trigger: .manual, outcome: .failed)
        )
        let readings = StateReadings.read(path: folder + "/state.sqlite", historyLimit: 0)
        #expect(readings.lastSync == .known(.at(base + 160)))
    }

    @Test func runsKeepTheirConflictsAndUpdatesReplaceThem() throws {
        let store = try StateStore.open(path: folder + "/state.sqlite")
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        var run = SyncRun(startedAt: start, trigger: .daemon, outcome: .running)
        run.id = try store.save(run)
        run.outcome = .success
        run.endedAt = start + 5
        run.changesApplied = 3
        run.conflicts = [SyncRun.Conflict(entityType: "track", entityId: "42")]
        try store.save(run)
        let runs = try store.recentRuns(limit: 5)
        #expect(runs == [run])
    }

    @Test func ticksAreReadNewestFirst() throws {
        let store = try StateStore.open(path: folder + "/state.sqlite")
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        try store.save(
            TickRecord(at: start, wouldSync: false, failed: ["battery", "idle"], policy: "laptop")
        )
        try store.save(TickRecord(at: start + 60, wouldSync: true, failed: [], policy: "laptop"))
        let ticks = StateReadings.read(path: folder + "/state.sqlite", historyLimit: 10).history
        #expect(ticks.map(\.wouldSync) == [true, false])
        #expect(ticks.last?.failed == ["battery", "idle"])
    }
}
