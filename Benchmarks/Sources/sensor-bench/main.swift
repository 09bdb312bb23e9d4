// Measures the live D-Bus sensors against python-dbusmock on a private system bus:
// (a) the cost of one full snapshot (the three getters) once the clients are up;
// (b) the time from a property change leaving the driver (UPower OnBattery toggled) to the
//     `SensorChange` reaching a Swift subscriber.
// Build: MUSICDIFF_BENCHMARKS=1 swift build -c release --scratch-path .build-bench --product sensor-bench
// Run:   .build-bench/release/sensor-bench
import Dispatch
import Foundation
import MusicdiffCore
import MusicdiffSensors
import MusicdiffTestSupport
import Synchronization

/// The `p`-th percentile (0–100) of `samples`, by nearest rank.
func percentile(_ samples: [Double], _ p: Double) -> Double {
    let sorted = samples.sorted()
    let rank = Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1
    return sorted[min(max(rank, 0), sorted.count - 1)]
}

func format(_ value: Double) -> String { String(format: "%.3f", value) }

let bus = try MockBus()
defer { bus.stop() }
setenv("DBUS_SYSTEM_BUS_ADDRESS", bus.address, 1)
for service in MockService.allCases {
    try bus.start(service, parameters: service == .upower ? #"{"OnBattery": false}"# : nil)
}
let driver = try bus.driver()
try driver.nmAddPrimaryProperties(metered: 2)
let wlan = try driver.nmAddWiFiDevice("wlan0")
try driver.nmSetPrimary(
    driver.nmAddWiFiNetwork(device: wlan, ssid: "HomeNet", name: "home"),
    type: "802-11-wireless"
)
_ = try driver.logindAddSession("c1", uid: UInt32(getuid()), type: "x11")
try driver.upowerSetDisplayDevice(percent: 80, state: 1)

let clock = ContinuousClock()
let started = clock.now
let sensors = DBusSensors(paths: SensorPaths())
await sensors.waitUntilReady(timeout: .seconds(5))
print("clients ready after \(started.duration(to: clock.now))")
print("  network: \(sensors.network())")
print("  battery: \(sensors.battery())")
print("  idle:    \(sensors.logindIdle())")

// (a) One full snapshot: the three getters, 10 000 times.
var snapshots: [Double] = []
snapshots.reserveCapacity(10_000)
var known = 0
for _ in 0..<10_000 {
    let before = monotonicNanoseconds()
    let network = sensors.network(), battery = sensors.battery(), idle = sensors.logindIdle()
    let after = monotonicNanoseconds()
    if network.value != nil, battery.value != nil, idle.value != nil { known += 1 }
    snapshots.append(Double(after - before) / 1_000)
}
print(
    "(a) full snapshot, 10000 calls (\(known) all known): median \(format(percentile(snapshots, 50))) µs, "
        + "p99 \(format(percentile(snapshots, 99))) µs"
)

// (b) Bus-to-Swift latency: 100 OnBattery toggles; a subscriber stamps each battery change.
let arrivals = Mutex<[UInt64]>([])
let arrived = DispatchSemaphore(value: 0)
let events = sensors.changes()
let subscriber = Task.detached {
    for await change in events where change == .battery {
        let now = monotonicNanoseconds()
        arrivals.withLock { $0.append(now) }
        arrived.signal()
    }
}
var latencies: [Double] = []
var missed = 0
for toggle in 0..<100 {
    let onBattery = toggle % 2 == 0
    let sent = try driver.timedCall(
        "org.freedesktop.UPower",
        "/org/freedesktop/UPower",
        "org.freedesktop.DBus.Properties",
        "Set",
        "('org.freedesktop.UPower', 'OnBattery', <\(onBattery)>)"
    ).sentAt
    guard arrived.wait(timeout: .now() + .seconds(2)) == .success else {
        missed += 1
        continue
    }
    let at = arrivals.withLock { $0.last! }
    latencies.append(Double(at - sent) / 1_000_000)
}
subscriber.cancel()
print(
    "(b) property change to SensorChange, \(latencies.count) toggles (\(missed) missed): "
        + "median \(format(percentile(latencies, 50))) ms, p90 \(format(percentile(latencies, 90))) ms"
)
sensors.stop()
