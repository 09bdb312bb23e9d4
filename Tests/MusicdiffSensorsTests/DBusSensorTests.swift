import Foundation
import MusicdiffCore
import MusicdiffSensors
import MusicdiffTestSupport
import Testing

/// The live D-Bus sensors (real libnm, upower-glib and GDBus clients) against python-dbusmock on
/// a private system bus. Serialized, and every test has its own bus: the bus address is the
/// process-wide `DBUS_SYSTEM_BUS_ADDRESS`.
@Suite(.serialized) struct DBusSensorTests {}

/// One test's bus, mocks and sensors.
struct LiveBus {
    let bus: MockBus
    let driver: BusDriver
    let sensors: DBusSensors
    /// A `/sys` with an online AC adapter and a battery at 64 %, for the battery fallback.
    let sys: FixtureTree

    /// The `/sys` fallback's reading when UPower is not used because of `reason`.
    func fallback(_ reason: String) -> Reading<BatteryState> {
        .known(
            BatteryState(
                onBattery: false,
                percent: 64,
                state: "charging",
                source: "/sys/class/power_supply (\(reason))"
            )
        )
    }
}

/// Starts a bus with `services` mocked, lets `setup` steer them, then starts the sensors and
/// waits until they are ready; runs `body`; stops everything, even when `body` throws.
func withLiveBus(
    _ services: [MockService],
    use: SensorUse = .follow,
    setup: (BusDriver) throws -> Void = { _ in },
    _ body: (LiveBus) async throws -> Void
) async throws {
    let bus = try MockBus()
    defer { bus.stop() }
    setenv("DBUS_SYSTEM_BUS_ADDRESS", bus.address, 1)
    for service in services {
        try bus.start(service, parameters: service == .upower ? #"{"OnBattery": false}"# : nil)
    }
    let driver = try bus.driver()
    try setup(driver)
    let sys = try FixtureTree()
    try sys.write("class/power_supply/AC/type", "Mains\n")
    try sys.write("class/power_supply/AC/online", "1\n")
    try sys.write("class/power_supply/BAT0/type", "Battery\n")
    try sys.write("class/power_supply/BAT0/capacity", "64\n")
    try sys.write("class/power_supply/BAT0/status", "Charging\n")
    let sensors = DBusSensors(paths: SensorPaths(proc: sys.root, sys: sys.root), use: use)
    defer { sensors.stop() }
    await sensors.waitUntilReady(timeout: .seconds(5))
    try await body(LiveBus(bus: bus, driver: driver, sensors: sensors, sys: sys))
}

extension DBusSensors {
    /// Runs `action`, then waits (at most `timeout`) for a `kind` change after which `condition`
    /// holds of the sensors; says whether one came.
    func change(
        _ kind: SensorChange,
        within timeout: Duration = .seconds(5),
        after action: () throws -> Void,
        until condition: @escaping @Sendable (DBusSensors) -> Bool
    ) async throws -> Bool {
        let events = changes()
        try action()
        return await events.first(within: timeout) { [self] change in change == kind && condition(self) }
            != nil
    }
}

/// Microseconds since the epoch, as logind counts `IdleSinceHint`.
func microseconds(_ date: Date) -> UInt64 {
    UInt64(date.timeIntervalSince1970 * 1_000_000)
}
