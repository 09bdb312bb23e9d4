import Foundation
import MusicdiffCore
import MusicdiffSensors
import MusicdiffTestSupport
import Testing

extension DBusSensorTests {
    @Test func aSystemBusThatGoesAwayAndComesBackIsConnectedToAgain() async throws {
        let bus = try MockBus()
        defer { bus.stop() }
        setenv("DBUS_SYSTEM_BUS_ADDRESS", bus.path, 1)
        try bus.start(.upower, parameters: #"{"OnBattery": true}"#)
        let sys = try FixtureTree()
        let sensors = DBusSensors(paths: SensorPaths(proc: sys.root, sys: sys.root))
        defer { sensors.stop() }
        await sensors.waitUntilReady(timeout: .seconds(5))
        #expect(sensors.battery().value?.onBattery == true)

        try bus.restart()
        #expect(
            await eventually(within: .seconds(20)) {
                if case .unknown(let reason) = sensors.battery() { return reason.contains("closed") }
                return false
            },
            "readings say the bus went away: \(sensors.battery())"
        )
        try bus.start(.upower, parameters: #"{"OnBattery": false}"#)
        #expect(
            await eventually(within: .seconds(20)) { sensors.battery().value?.onBattery == false },
            "UPower read again on the new bus: \(sensors.battery())"
        )
    }
}

/// Whether `condition` holds within `limit`, looking every 10 ms.
func eventually(within limit: Duration, _ condition: () -> Bool) async -> Bool {
    let end = ContinuousClock.now + limit
    while ContinuousClock.now < end {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}
