import Foundation
import MusicdiffCore
import Synchronization
import Testing

@testable import MusicdiffSensors

/// An in-memory ``InputActivityMemory``.
final class MemoryFake: InputActivityMemory {
    let record = Mutex<InputActivity?>(nil)
    func load() -> InputActivity? { record.withLock { $0 } }
    func save(_ activity: InputActivity) { record.withLock { $0 = activity } }
}

@Suite struct ProcIdleSensorTests {
    static func interrupts(keyboard: Int, mouse: Int) -> String {
        """
                   CPU0       CPU1
          0:         38          0   IO-APIC    2-edge      timer
          1:  \(keyboard)          0   IO-APIC    1-edge      i8042
          8:          0          0   IO-APIC    8-edge      rtc0
         12:  \(mouse)          7   IO-APIC   12-edge      i8042
         16:      10101      20202   IO-APIC   16-fasteoi   ehci_hcd:usb1
        NMI:          0          0   Non-maskable interrupts

        """
    }

    let start = Date(timeIntervalSince1970: 1_800_000_000)
    let proc: FixtureTree
    let dev: FixtureTree
    let memory = MemoryFake()

    init() throws {
        proc = try FixtureTree()
        dev = try FixtureTree()
    }

    var sensor: ProcIdleSensor {
        ProcIdleSensor(paths: SensorPaths(proc: proc.root, sys: proc.root, dev: dev.root), memory: memory)
    }

    @Test func sumsOnlyInputDeviceLinesOverAllCPUs() {
        #expect(ProcIdleSensor.inputInterrupts(Self.interrupts(keyboard: 100, mouse: 50)) == 157)
        #expect(ProcIdleSensor.inputInterrupts("           CPU0\n  0:  5  IO-APIC timer\n") == nil)
    }

    @Test func unchangedCountsMeanIdleSinceTheyLastChanged() throws {
        try proc.write("interrupts", Self.interrupts(keyboard: 100, mouse: 50))
        let first = sensor.read(now: start)
        #expect(first == .known(IdleState(idleSince: nil, source: "/proc/interrupts, counting from now")))
        let later = sensor.read(now: start + 1200)
        #expect(later == .known(IdleState(idleSince: start, source: "/proc/interrupts")))
    }

    @Test func changedCountsMeanActiveNow() throws {
        try proc.write("interrupts", Self.interrupts(keyboard: 100, mouse: 50))
        _ = sensor.read(now: start)
        try proc.write("interrupts", Self.interrupts(keyboard: 104, mouse: 50))
        #expect(sensor.read(now: start + 600).value?.idleSince == nil)
        #expect(sensor.read(now: start + 900).value?.idleSince == start + 600)
    }

    @Test func aTerminalTouchedLaterThanTheInputDevicesWins() throws {
        try proc.write("interrupts", Self.interrupts(keyboard: 1, mouse: 1))
        memory.save(InputActivity(total: 9, changedAt: start - 3600))
        try dev.write("pts/3", "")
        try touch(dev.root + "/pts/3", at: start - 300)
        let reading = sensor.read(now: start)
        #expect(
            reading == .known(IdleState(idleSince: start - 300, source: "/proc/interrupts and terminals"))
        )
    }

    @Test func noOneIsIdleForLongerThanTheMachineHasBeenUp() throws {
        try proc.write("interrupts", "           CPU0\n  0:  5  IO-APIC timer\n")
        try proc.write("uptime", "1680.25 3000.00\n")  // up 28 minutes
        try dev.write("tty2", "")
        try touch(dev.root + "/tty2", at: start - 5 * 3600)  // a terminal last used before the boot
        #expect(
            sensor.read(now: start)
                == .known(
                    IdleState(idleSince: start - 1680.25, source: "terminals and no earlier than the boot")
                )
        )
    }

    @Test func terminalsAloneAreEnoughWithoutInputDevices() throws {
        try proc.write("interrupts", "           CPU0\n  0:  5  IO-APIC timer\n")
        try dev.write("tty2", "")
        try touch(dev.root + "/tty2", at: start - 60)
        #expect(sensor.read(now: start) == .known(IdleState(idleSince: start - 60, source: "terminals")))
    }

    @Test func nothingReadableIsUnknownWithTheReason() {
        #expect(
            sensor.read(now: start)
                == .unknown(reason: "\(proc.root)/interrupts does not exist; no terminals")
        )
    }

    @Test func theFileMemorySurvivesBetweenSensors() throws {
        let file = FileInputActivityMemory(path: dev.root + "/input-activity")
        file.save(InputActivity(total: 42, changedAt: start))
        #expect(
            FileInputActivityMemory(path: dev.root + "/input-activity").load()
                == InputActivity(total: 42, changedAt: start)
        )
    }

    private func touch(_ path: String, at date: Date) throws {
        let time = timespec(tv_sec: Int(date.timeIntervalSince1970), tv_nsec: 0)
        let result = withUnsafePointer(to: (time, time)) {
            $0.withMemoryRebound(to: timespec.self, capacity: 2) { utimensat(AT_FDCWD, path, $0, 0) }
        }
        try #require(result == 0)
    }
}
