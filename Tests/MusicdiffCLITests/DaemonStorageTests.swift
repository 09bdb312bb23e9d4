import Foundation
import MusicdiffDaemon
import MusicdiffTestSupport
import Testing

/// `storage` through the real binary, on a small `tmpfs` the test fills: a full disk holds a
/// due sync back with the free space in the verdict, and a running sync stops before the
/// disk fills.
@Suite(.enabled(if: SmallDisk.canMount, "mounting a tmpfs needs root"))
struct DaemonStorageTests {
    @Test func aFullDiskBlocksWithTheFreeSpaceAndFreeingItStartsTheSync() throws {
        let disk = try SmallDisk(mebibytes: 8)
        try FileManager.default.createDirectory(
            atPath: disk.path + "/Music",
            withIntermediateDirectories: true
        )
        try disk.fill("backup.tar", mebibytes: 7)
        let fixture = try Self.fixtureSeeingMounts()
        try fixture.config(command: [fixture.countingScript()])
        try fixture.cli.write(
            "home/policies/disk.yaml",
            "storage: { path: \(disk.path)/Music, min_free: 2MiB }\npoll: 1s\n"
        )
        #expect(try fixture.run("daemon", "--policy", "disk").status == 0)
        try fixture.waitFor("a tick blocked by storage") { fixture.ticks.first?.failed == ["storage"] }
        // The line reaches the log after the tick reaches the store.
        try fixture.waitFor("the blocked line in the log") {
            fixture.log.contains(
                "Sync due, but the policy says not now: storage: 1 MiB free on \(disk.path), below 2 MiB"
            )
        }
        let whyNot = try fixture.run("why-not")
        #expect(whyNot.stdout.contains("1 MiB free on \(disk.path)"), "\(whyNot.stdout)")

        try disk.free("backup.tar")
        try fixture.waitFor("the sync to start on the next poll tick") { fixture.scriptRuns == 1 }
    }

    @Test func aRunningSyncStopsBeforeTheDiskFills() throws {
        let disk = try SmallDisk(mebibytes: 8)
        let fixture = try DaemonFixture()
        try fixture.config(command: [fixture.spanningJob()])
        try fixture.cli.write(
            "home/policies/disk.yaml",
            "storage: { path: \(disk.path), min_free: 4MiB }\npoll: 1s\n"
                + "while_running:\n  storage: { min_free: 2MiB }\n  grace: 5s\n"
        )
        #expect(try fixture.run("daemon", "--policy", "disk").status == 0)
        try fixture.waitFor("the job") { fixture.spans.count == 1 }
        try disk.fill("download.part", mebibytes: 7)
        try fixture.waitFor("the stop") { fixture.runs.first?.outcome == .stopped }
        #expect(fixture.runs.first?.message == "free space fell to 1 MiB on \(disk.path), below 2 MiB")
    }

    /// `why-not --policy` with another storage path than the running daemon's policy: the
    /// daemon's other readings are taken, but the free space is read where the asked policy
    /// looks (the daemon reads only its own policy's path).
    @Test func whyNotForAnotherPolicyReadsItsOwnPath() throws {
        let disk = try SmallDisk(mebibytes: 8)
        try disk.fill("backup.tar", mebibytes: 7)
        let fixture = try Self.fixtureSeeingMounts()
        try fixture.config(command: [fixture.countingScript()])
        try fixture.cli.write("home/policies/root.yaml", "storage: { path: /, min_free: 1B }\n")
        try fixture.cli.write("home/policies/disk.yaml", "storage: { path: \(disk.path), min_free: 2MiB }\n")
        #expect(try fixture.run("daemon", "--policy", "root").status == 0)
        try fixture.waitFor("the first sync") { fixture.scriptRuns == 1 }
        let whyNot = try fixture.run("why-not", "--policy", "disk")
        #expect(whyNot.stdout.contains("1 MiB free on \(disk.path), below 2 MiB"), "\(whyNot.stdout)")
    }

    /// A fixture whose /proc (standing in for the real one) has the real mount table.
    static func fixtureSeeingMounts() throws -> DaemonFixture {
        let fixture = try DaemonFixture()
        try fixture.cli.write(
            "proc/self/mounts",
            try String(contentsOfFile: "/proc/self/mounts", encoding: .utf8)
        )
        return fixture
    }
}
