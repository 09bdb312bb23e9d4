import MusicdiffCore
import Testing

@testable import MusicdiffSensors

@Suite struct LoadSensorTests {
    @Test func readsTheOneMinuteLoadAndTheCPUsOnline() throws {
        let proc = try FixtureTree(), sys = try FixtureTree()
        try proc.write("loadavg", "2.80 1.10 0.50 3/456 7890\n")
        try sys.write("devices/system/cpu/online", "0-3\n")
        let reading = LoadSensor(paths: SensorPaths(proc: proc.root, sys: sys.root)).read()
        #expect(reading == .known(LoadState(oneMinute: 2.8, cpus: 4)))
        #expect(reading.value?.perCore == 0.7)
    }

    @Test(arguments: [("0", 1), ("0-1", 2), ("0-3,6", 5), ("0,2,4-5", 4)])
    func countsKernelCPULists(list: String, count: Int) {
        #expect(LoadSensor.count(cpuList: list) == count)
    }

    @Test(arguments: [("0-3\n", "0-3"), ("  Mains \r\n", "Mains"), ("\n\t ", ""), ("", ""), ("1 2", "1 2")])
    func sysFilesLoseTheirSurroundingWhiteSpace(text: String, trimmed: String) {
        #expect(SysFile.trimmed(text) == trimmed)
    }

    @Test(arguments: ["", "a-b", "3-1", "1-2-3"])
    func rejectsMalformedCPULists(list: String) {
        #expect(LoadSensor.count(cpuList: list) == nil)
    }

    @Test func aMissingLoadavgIsUnknownAndSaysWhichFile() throws {
        let proc = try FixtureTree()
        let reading = LoadSensor(paths: SensorPaths(proc: proc.root, sys: proc.root)).read()
        #expect(reading == .unknown(reason: "\(proc.root)/loadavg does not exist"))
    }

    @Test func garbageInLoadavgIsUnknown() throws {
        let proc = try FixtureTree()
        try proc.write("loadavg", "banana\n")
        guard
            case .unknown(let reason) = LoadSensor(paths: SensorPaths(proc: proc.root, sys: proc.root)).read()
        else {
            Issue.record("expected unknown")
            return
        }
        #expect(reason.contains("does not start with a load average"))
    }
}
