// Measures one camera scan of the `busy` rule (BusySensor.camera(): a readlink of every
// /proc/PID/fd entry this user may read) on this machine. A fake `video0` in a temporary
// folder stands for /dev, so that the scan always walks the whole process table (with no
// video node the sensor answers at once), and it is held open by no one: the worst case.
// Build: MUSICDIFF_BENCHMARKS=1 swift build -c release --scratch-path .build-bench --product camera-scan-bench
// Run:   .build-bench/release/camera-scan-bench [RUNS]
import Foundation
import MusicdiffSensors

/// The `p`-th percentile (0–100) of `samples`, by nearest rank.
func percentile(_ samples: [Double], _ p: Double) -> Double {
    let sorted = samples.sorted()
    let rank = Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1
    return sorted[min(max(rank, 0), sorted.count - 1)]
}

let runs = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 500
let dev = FileManager.default.temporaryDirectory.appendingPathComponent("camera-scan-\(getpid())").path
try FileManager.default.createDirectory(atPath: dev, withIntermediateDirectories: true)
FileManager.default.createFile(atPath: dev + "/video0", contents: nil)
defer { try? FileManager.default.removeItem(atPath: dev) }
let sensor = BusySensor(paths: SensorPaths(dev: dev))

let processes = (try FileManager.default.contentsOfDirectory(atPath: "/proc")).filter {
    $0.first?.isNumber == true
}
let descriptors = processes.reduce(0) { count, pid in
    count + ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd"))?.count ?? 0)
}
print("\(processes.count) processes, \(descriptors) descriptors readable by this user")

let clock = ContinuousClock()
var samples: [Double] = []
var sign = sensor.camera()
for _ in 0..<runs {
    let start = clock.now
    sign = sensor.camera()
    let elapsed = start.duration(to: clock.now)
    samples.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
}
print(
    "camera scan, \(runs) runs (\(sign)): median \(String(format: "%.3f", percentile(samples, 50))) ms,"
        + " p95 \(String(format: "%.3f", percentile(samples, 95))) ms, max \(String(format: "%.3f", samples.max() ?? 0)) ms"
)
