import Foundation
import MusicdiffTestSupport
import Testing

@testable import MusicdiffCore
@testable import MusicdiffSensors

/// The free space of a real, small `tmpfs` filled by the test, as `statvfs` reports it.
@Suite struct StorageSensorTests {
    @Test(.enabled(if: SmallDisk.canMount, "mounting a tmpfs needs root"))
    func aFillingDiskReadsItsFreeSpaceAndMountPoint() throws {
        let disk = try SmallDisk(mebibytes: 8)
        let sensor = StorageSensor(paths: SensorPaths(), home: disk.path)
        try FileManager.default.createDirectory(
            atPath: disk.path + "/Music",
            withIntermediateDirectories: true
        )
        let empty = try #require(sensor.read("~/Music").value)
        #expect(empty.mount == disk.path)
        #expect(empty.total == 8 * 1_048_576)
        #expect(empty.free > 7.9 * 1_048_576)

        try disk.fill("album.flac", mebibytes: 6)
        let full = try #require(sensor.read("~/Music").value)
        #expect(full.free < 2.1 * 1_048_576 && full.free > 1.5 * 1_048_576, "\(full.free)")
        let policy = Policy(name: "p", storage: StorageRule(path: "~/Music", minFree: .bytes(4 * 1_048_576)))
        let decision = PolicyEngine.decide(
            policy,
            on: Snapshot.testing(storage: .known(full)),
            at: LocalInstant(date: Date(), utcOffset: 0)
        )
        #expect(!decision.shouldSync)
        let reason = decision.verdicts.first { $0.rule == .storage }?.reason ?? ""
        #expect(reason.hasSuffix(" free on \(disk.path), below 4 MiB"), "\(reason)")
    }

    @Test func anAbsentPathIsUnknownWithTheSystemsWords() {
        let sensor = StorageSensor(paths: SensorPaths(), home: "/nonexistent-home")
        #expect(
            sensor.read("~/Music")
                == .unknown(
                    reason: "cannot read the free space of /nonexistent-home/Music: No such file or directory"
                )
        )
    }

    @Test func theTildeIsTheHomeFolder() {
        let sensor = StorageSensor(paths: SensorPaths(), home: "/home/ann")
        #expect(sensor.expanded("~") == "/home/ann")
        #expect(sensor.expanded("~/Music") == "/home/ann/Music")
        #expect(sensor.expanded("/srv/music") == "/srv/music")
    }
}
