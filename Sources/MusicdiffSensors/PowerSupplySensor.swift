import Foundation
import MusicdiffCore

/// Reads the power source and battery charge from `/sys/class/power_supply`: AC adapters'
/// `online`, batteries' `capacity` (or `energy_now`/`energy_full`) and `status`.
/// Peripherals' batteries (`scope` = `Device`: mice, headsets) are left out.
package struct PowerSupplySensor: Sendable {
    /// The trees read.
    package let paths: SensorPaths

    /// Creates the sensor.
    package init(paths: SensorPaths) { self.paths = paths }

    /// The source name readings carry.
    package static let source = "/sys/class/power_supply"

    /// Reads the power supplies now.
    package func read() -> Reading<BatteryState> {
        let folder = paths.sys + "/class/power_supply"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            return .unknown(reason: "cannot list \(folder)")
        }
        var adapters: [Bool] = []
        var batteries: [Supply] = []
        for name in names.sorted() {
            let path = folder + "/" + name
            if SysFile.read(path + "/scope") == "Device" { continue }
            switch SysFile.read(path + "/type") {
            case "Mains", "USB", "UPS": adapters.append(SysFile.read(path + "/online") == "1")
            case "Battery":
                if SysFile.read(path + "/present") == "0" { continue }
                batteries.append(Supply(path: path))
            default: continue
            }
        }
        if let problem = batteries.lazy.compactMap(\.problem).first { return .unknown(reason: problem) }
        let discharging = batteries.contains { $0.status == "Discharging" }
        let onBattery = adapters.isEmpty ? discharging : !adapters.contains(true) && !batteries.isEmpty
        let percent = Self.percent(of: batteries)
        let state =
            batteries.count == 1 ? batteries[0].status?.lowercased() : (discharging ? "discharging" : nil)
        let source = batteries.isEmpty ? "\(Self.source) (no battery)" : Self.source
        return .known(BatteryState(onBattery: onBattery, percent: percent, state: state, source: source))
    }

    /// Charge of all batteries together: by energy when every battery reports it, else the
    /// mean of their `capacity`.
    static func percent(of batteries: [Supply]) -> Double? {
        let energies = batteries.compactMap(\.energy)
        if !energies.isEmpty, energies.count == batteries.count {
            let full = energies.reduce(0) { $0 + $1.full }
            if full > 0 { return min(100, 100 * energies.reduce(0) { $0 + $1.now } / full) }
        }
        let capacities = batteries.compactMap(\.capacity)
        guard !capacities.isEmpty else { return nil }
        return capacities.reduce(0, +) / Double(capacities.count)
    }

    /// One battery's files.
    struct Supply {
        let status: String?
        let capacity: Double?
        let energy: (now: Double, full: Double)?
        /// Why a number in the files cannot be used (`…/BAT0/capacity reported a battery
        /// percentage of nan`); the reading is then unknown.
        var problem: String?

        init(path: String) {
            status = SysFile.read(path + "/status")
            var problem: String?
            /// The number in the file `name`, nil when there is none or it is refused.
            func number(_ name: String, _ kind: OutsideNumber) -> Double? {
                guard let text = SysFile.read(path + "/" + name), !text.isEmpty else { return nil }
                switch kind.check(text: text) {
                case .success(let value): return value
                case .failure(let rejection):
                    problem = problem ?? rejection.reason(from: path + "/" + name)
                    return nil
                }
            }
            capacity = number("capacity", .batteryPercent)
            let now = number("energy_now", .batteryEnergy)
            let full = number("energy_full", .batteryEnergy)
            energy = now.flatMap { now in full.map { (now, $0) } }
            self.problem = problem
        }
    }
}
