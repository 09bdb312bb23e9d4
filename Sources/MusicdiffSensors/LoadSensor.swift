import Foundation
import MusicdiffCore

/// Reads the 1-minute load average from `/proc/loadavg` and the CPUs online from
/// `/sys/devices/system/cpu/online`.
public struct LoadSensor: Sendable {
    /// The trees read.
    public let paths: SensorPaths

    /// Creates the sensor.
    public init(paths: SensorPaths) { self.paths = paths }

    /// Reads the load now.
    public func read() -> Reading<LoadState> {
        let path = paths.proc + "/loadavg"
        let text: String
        switch SysFile.readOrReason(path) {
        case .failure(let failure): return .unknown(reason: failure.reason)
        case .success(let read): text = read
        }
        guard let first = text.split(separator: " ").first, let load = Double(first), load >= 0 else {
            return .unknown(reason: "\(path) does not start with a load average: \"\(text.prefix(40))\"")
        }
        return .known(LoadState(oneMinute: load, cpus: cpusOnline()))
    }

    /// CPUs online, from the kernel's list (`0-3,6`), else as the C library counts them.
    func cpusOnline() -> Int {
        if let list = SysFile.read(paths.sys + "/devices/system/cpu/online"),
            let count = Self.count(cpuList: list)
        {
            return count
        }
        return max(sysconf(Int32(_SC_NPROCESSORS_ONLN)), 1)
    }

    /// How many CPUs a kernel CPU list such as `0-3,6` names, or nil when it is not one.
    static func count(cpuList: String) -> Int? {
        var total = 0
        for part in cpuList.split(separator: ",") {
            let bounds = part.split(separator: "-").map { Int(SysFile.trimmed($0)) }
            switch bounds.count {
            case 1: guard bounds[0] != nil else { return nil }; total += 1
            case 2:
                guard let low = bounds[0], let high = bounds[1], high >= low else { return nil }
                total += high - low + 1
            default: return nil
            }
        }
        return total > 0 ? total : nil
    }
}
