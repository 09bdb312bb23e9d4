import Foundation
import MusicdiffCore

/// Reads the 1-minute load average from `/proc/loadavg` and the CPUs online from
/// `/sys/devices/system/cpu/online`.
package struct LoadSensor: Sendable {
    /// The trees read.
    package let paths: SensorPaths

    /// Creates the sensor.
    package init(paths: SensorPaths) { self.paths = paths }

    /// Reads the load now.
    package func read() -> Reading<LoadState> {
        let path = paths.proc + "/loadavg"
        let text: String
        switch SysFile.readOrReason(path) {
        case .failure(let failure): return .unknown(reason: failure.reason)
        case .success(let read): text = read
        }
        guard let first = text.split(separator: " ").first, Double(first) != nil else {
            return .unknown(reason: "\(path) does not start with a load average: \"\(text.prefix(40))\"")
        }
        switch OutsideNumber.loadAverage.check(text: first) {
        case .success(let load): return .known(LoadState(oneMinute: load, cpus: cpusOnline()))
        case .failure(let rejection): return .unknown(reason: rejection.reason(from: path))
        }
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

    /// How many CPUs a kernel CPU list such as `0-3,6` names, or nil when it is not one (or
    /// names more CPUs than ``OutsideNumber/cpuCount`` takes).
    static func count(cpuList: String) -> Int? {
        var total = 0
        for part in cpuList.split(separator: ",") {
            // A CPU's number is below the most CPUs there can be, so no sum below overflows.
            let bounds = part.split(separator: "-").map { text in
                Int(SysFile.trimmed(text)).flatMap { number in
                    (try? OutsideNumber.cpuCount.check(Double(number) + 1).get()).map { _ in number }
                }
            }
            switch bounds.count {
            case 1: guard bounds[0] != nil else { return nil }; total += 1
            case 2:
                guard let low = bounds[0], let high = bounds[1], high >= low else { return nil }
                total += high - low + 1
            default: return nil
            }
        }
        return try? OutsideNumber.cpuCount.check(total).get()
    }
}
