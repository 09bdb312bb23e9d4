import Foundation
import GRDB
import MusicdiffCore
import MusicdiffTestSupport
import Testing

@testable import MusicdiffDaemon

/// The recorded snapshots: the migration from the first schema keeps its history, a moment
/// reads back as it was written, and the history stays bounded.
@Suite struct StateHistoryTests {
    let scratch: ScratchFolder
    let folder: String
    var path: String { folder + "/state.sqlite" }
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    init() throws {
        scratch = try ScratchFolder("musicdiff-history")
        folder = scratch.path
    }

    /// The SQL that the first version's migration (`v1`) ran, as GRDB wrote it, and its
    /// bookkeeping: a store made by the code before recorded snapshots.
    static let firstSchema = """
        CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
        INSERT INTO grdb_migrations VALUES ('v1');
        CREATE TABLE "sync_run" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "started_at" DATETIME NOT NULL,
          "ended_at" DATETIME, "trigger" TEXT NOT NULL, "outcome" TEXT NOT NULL, "exit_status" INTEGER,
          "changes_applied" INTEGER, "failed_changes" INTEGER, "message" TEXT);
        CREATE INDEX "sync_run_on_started_at" ON "sync_run"("started_at");
        CREATE TABLE "conflict" ("id" INTEGER PRIMARY KEY AUTOINCREMENT,
          "run_id" INTEGER NOT NULL REFERENCES "sync_run"("id") ON DELETE CASCADE,
          "entity_type" TEXT NOT NULL, "entity_id" TEXT NOT NULL);
        CREATE INDEX "conflict_on_run_id" ON "conflict"("run_id");
        CREATE TABLE "tick" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "at" DATETIME NOT NULL,
          "would_sync" BOOLEAN NOT NULL, "failed" TEXT NOT NULL, "policy" TEXT NOT NULL);
        CREATE INDEX "tick_on_at" ON "tick"("at");
        CREATE TABLE "daemon_value" ("key" TEXT PRIMARY KEY NOT NULL, "value" TEXT NOT NULL);
        """

    /// Makes a first-version store at `path` with one run, its conflict and two ticks.
    func makeFirstVersionStore() throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: Self.firstSchema)
            try db.execute(
                sql:
                    "INSERT INTO sync_run (started_at, ended_at, trigger, outcome) VALUES (?, ?, 'daemon', 'success')",
                arguments: [Self.start, Self.start + 30]
            )
            try db.execute(
                sql: "INSERT INTO conflict (run_id, entity_type, entity_id) VALUES (1, 'track', '42')"
            )
            try db.execute(
                sql:
                    "INSERT INTO tick (at, would_sync, failed, policy) VALUES (?, 0, 'idle,network', 'laptop')",
                arguments: [Self.start - 60]
            )
            try db.execute(
                sql: "INSERT INTO tick (at, would_sync, failed, policy) VALUES (?, 1, '', 'laptop')",
                arguments: [Self.start]
            )
            try db.execute(sql: "INSERT INTO daemon_value (key, value) VALUES ('next_due', '1800021600.0')")
        }
    }

    @Test func aStoreOfTheFirstSchemaIsMigratedWithItsHistory() throws {
        try makeFirstVersionStore()
        let store = try StateStore.open(path: path)
        #expect(
            try store.recentRuns(limit: 5).first?.conflicts == [
                SyncRun.Conflict(entityType: "track", entityId: "42")
            ]
        )
        #expect(try store.lastSuccessfulSync() == Self.start + 30)
        #expect(try store.recentTicks(limit: 5).map(\.failed) == [[], ["idle", "network"]])
        #expect(try store.scheduleState()?.nextDue == Date(timeIntervalSince1970: 1_800_021_600))
        let moments = try store.moments(from: .distantPast)
        #expect(moments.map(\.kind) == [.decision, .decision])
        #expect(moments.first?.readings.network == .unknown(reason: "not recorded"))
        try store.record(RecordedMoment(at: Self.start + 60, kind: .daemonStart))
        #expect(try store.moments(from: Self.start + 1).map(\.kind) == [.decision, .daemonStart])
    }

    @Test func aFirstSchemaStoreIsReadWithoutBeingWritten() throws {
        try makeFirstVersionStore()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let store = try #require(try StateStore.openForReading(path: path))
        #expect(try store.moments(from: .distantPast).count == 2)
        #expect(
            try store.recordedRuns(from: .distantPast) == [
                RecordedRun(start: Self.start, end: Self.start + 30, result: .synced, byDaemon: true)
            ]
        )
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func aMomentReadsBackWithItsSnapshot() throws {
        let store = try StateStore.open(path: path)
        let readings = Snapshot.testing(
            dueSince: Self.start - 3600,
            idle: .known(IdleState(idleSince: Self.start - 600, source: "logind")),
            network: .known(
                NetworkState(metered: .guessYes, primary: .wifi, ssid: "Pixel", connectivity: .full)
            ),
            load: .known(LoadState(oneMinute: 1.5, cpus: 4)),
            battery: .known(BatteryState(onBattery: true, percent: 23, source: "UPower"))
        )
        let moment = RecordedMoment(
            at: Self.start,
            utcOffset: 3600,
            kind: .decision,
            policy: "laptop",
            wouldSync: false,
            failed: ["network", "battery"],
            dueSince: Self.start - 3600,
            readings: readings
        )
        try store.record(moment)
        try store.record(RecordedMoment(at: Self.start + 5, kind: .syncEnd, runEnd: .stopped))
        let back = try store.moments(from: .distantPast)
        #expect(back.count == 2)
        let first = try #require(back.first)
        #expect(
            first.failed == ["network", "battery"] && first.utcOffset == 3600 && first.policy == "laptop"
        )
        #expect(first.readings.idle.value?.idleSince == Self.start - 600)
        #expect(first.readings.network.value?.metered == .guessYes)
        #expect(first.readings.network.value?.ssid == "Pixel")
        #expect(first.readings.load.value?.perCore == 0.375)
        #expect(first.readings.battery.value?.percent == 23)
        #expect(first.dueSince == Self.start - 3600)
        #expect(back.last?.runEnd == .stopped)
        #expect(
            try store.moments(from: Self.start + 1).map(\.kind) == [.decision, .syncEnd],
            "with the one before"
        )
    }

    @Test func momentsOlderThanThirtyDaysArePrunedAsNewOnesAreWritten() throws {
        let store = try StateStore.open(path: path)
        try store.record(RecordedMoment(at: Self.start, kind: .daemonStart))
        try store.record(RecordedMoment(at: Self.start + 86_400, kind: .decision))
        try store.record(RecordedMoment(at: Self.start + 31 * 86_400, kind: .decision))
        #expect(
            try store.moments(from: .distantPast).map(\.at) == [
                Self.start + 86_400, Self.start + 31 * 86_400,
            ]
        )
    }
}
