import Foundation
import MusicdiffCore
import MusicdiffTestSupport
import Testing

@testable import MusicdiffSensors

/// The camera and microphone scans of the `busy` rule: a fake `/dev` with a `video0` held
/// open by a child process of the test (the scan reads the real `/proc/*/fd` links), and a
/// fake `/proc/asound` (`$MUSICDIFF_PROC`).
@Suite struct BusySensorTests {
    @Test func aCameraHeldOpenIsInUseNamingItsProcess() throws {
        let tree = try FixtureTree()
        try tree.write("dev/video0", "")
        let sensor = BusySensor(paths: SensorPaths(dev: tree.root + "/dev"))
        #expect(sensor.camera() == .free)
        let call = try HeldFile(tree.root + "/dev/video0")
        defer { call.close() }
        #expect(sensor.camera() == .inUse("camera in use (pid \(call.pid) sleep)"))
        call.close()
        #expect(sensor.camera() == .free)
    }

    @Test func withoutAVideoNodeNothingIsScannedAndWithoutDevItIsUnknown() throws {
        let tree = try FixtureTree()
        try tree.write("dev/tty1", "")
        #expect(BusySensor(paths: SensorPaths(dev: tree.root + "/dev")).camera() == .free)
        let absent = BusySensor(paths: SensorPaths(dev: tree.root + "/none"))
        #expect(absent.camera() == .unknown("cannot read \(tree.root)/none"))
    }

    @Test func aRunningCaptureSubstreamIsTheMicrophoneInUse() throws {
        let tree = try FixtureTree()
        try tree.write("asound/card0/pcm0p/sub0/status", "state: RUNNING\nowner_pid   : 1\n")
        try tree.write("asound/card0/pcm0c/sub0/status", "closed\n")
        let sensor = BusySensor(paths: SensorPaths(proc: tree.root))
        #expect(sensor.microphone() == .free, "playback does not count")
        try tree.write("asound/card0/pcm0c/sub0/status", "state: RUNNING\nowner_pid   : \(getpid())\n")
        let comm = try String(contentsOfFile: "/proc/self/comm", encoding: .utf8).trimmingCharacters(
            in: .newlines
        )
        #expect(sensor.microphone() == .inUse("microphone in use (pid \(getpid()) \(comm))"))
        try tree.write("asound/card1/pcm0c/sub0/status", "state: RUNNING\n")
        try tree.write("asound/card0/pcm0c/sub0/status", "state: SETUP\n")
        #expect(sensor.microphone() == .inUse("microphone in use (card1 pcm0c sub0)"))
    }

    @Test func withoutAsoundTheMicrophoneIsUnknown() throws {
        let tree = try FixtureTree()
        #expect(
            BusySensor(paths: SensorPaths(proc: tree.root)).microphone()
                == .unknown("cannot read \(tree.root)/asound")
        )
    }

    @Test func theSnapshotReadsOnlyTheKindsThePolicyLooksFor() throws {
        let tree = try FixtureTree()
        try tree.write("dev/video0", "")
        let sensors = MachineSensors(
            paths: SensorPaths(proc: tree.root, sys: tree.root, dev: tree.root + "/dev"),
            memory: MemoryFake(),
            use: .readOnce([])
        )
        defer { sensors.stop() }
        let now = Date()
        #expect(sensors.snapshot(now: now, lastSync: .known(.never), dueSince: nil).busy.value == nil)
        sensors.follow(Policy(name: "p", busy: BusyRule([.camera, .microphone])))
        let busy = sensors.snapshot(now: now, lastSync: .known(.never), dueSince: nil).busy.value
        #expect(busy?.signs[.camera] == .free)
        #expect(busy?.signs[.microphone] == .unknown("cannot read \(tree.root)/asound"))
        #expect(busy?.signs[.gamemode] == nil)
    }
}
