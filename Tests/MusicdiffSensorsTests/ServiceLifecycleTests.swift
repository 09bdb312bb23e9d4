import Foundation
import MusicdiffCore
import MusicdiffTestSupport
import Testing

@testable import MusicdiffSensors

extension DBusSensorTests {
    /// Each service absent at the start, appearing later, then killed.
    @Suite struct ServiceLifecycle {
        /// The change a service's reading makes.
        static func kind(_ service: MockService) -> SensorChange {
            switch service {
            case .networkManager: .network
            case .upower: .battery
            case .logind: .idle
            case .powerProfiles: .powerProfile
            }
        }

        /// The service's reading's source when it is there, or its reason when not.
        static func describe(_ service: MockService, _ sensors: DBusSensors) -> String {
            func text<Value>(_ reading: Reading<Value>, _ source: (Value) -> String) -> String {
                switch reading {
                case .known(let value): source(value)
                case .unknown(let reason): "unknown: \(reason)"
                }
            }
            return switch service {
            case .networkManager: text(sensors.network(), \.source)
            case .upower: text(sensors.battery(), \.source)
            case .logind: text(sensors.logindIdle(), \.source)
            case .powerProfiles: text(sensors.powerProfile(), \.source)
            }
        }

        /// What ``describe(_:_:)`` says while the service runs, and once it is gone.
        static func expected(_ service: MockService) -> (present: String, absent: String) {
            switch service {
            case .networkManager: ("NetworkManager", "unknown: NetworkManager is not running")
            case .upower: ("UPower", "/sys/class/power_supply (UPower is not running)")
            case .logind: ("logind manager", "unknown: logind is not running")
            case .powerProfiles: ("power-profiles-daemon", "unknown: power-profiles-daemon is not running")
            }
        }

        @Test(arguments: MockService.allCases)
        func aServiceAbsentAtFirstIsPickedUpAndDroppedWhenItDies(service: MockService) async throws {
            try await withLiveBus([]) { live in
                let (present, absent) = Self.expected(service)
                #expect(Self.describe(service, live.sensors) == absent)

                var mock: DBusMock?
                let appeared = try await live.sensors.change(
                    Self.kind(service),
                    after: { mock = try live.bus.start(service) }
                ) {
                    Self.describe(service, $0) == present
                }
                #expect(appeared, "\(service) appearing: \(Self.describe(service, live.sensors))")

                let vanished = try await live.sensors.change(Self.kind(service), after: { mock?.kill() }) {
                    Self.describe(service, $0) == absent
                }
                #expect(vanished, "\(service) vanishing: \(Self.describe(service, live.sensors))")
            }
        }

        @Test func networkValuesDoNotOutliveNetworkManager() async throws {
            var mock: DBusMock?
            try await withLiveBus([]) { live in
                _ = try await live.sensors.change(
                    .network,
                    after: { mock = try live.bus.start(.networkManager) }
                ) {
                    $0.network().value != nil
                }
                let metered = try await live.sensors.change(
                    .network,
                    after: {
                        try live.driver.nmAddPrimaryProperties(metered: 0)
                        try live.driver.nmSetMetered(1)
                    }
                ) { $0.network().value?.metered == .yes }
                #expect(metered)
                let gone = try await live.sensors.change(.network, after: { mock?.kill() }) {
                    $0.network().value == nil
                }
                #expect(gone)
                #expect(live.sensors.network() == .unknown(reason: "NetworkManager is not running"))
            }
        }
    }

    @Suite struct BusLoss {
        @Test func losingTheBusMakesEveryReadingUnknown() async throws {
            try await withLiveBus([.networkManager, .upower, .logind]) { live in
                #expect(live.sensors.network().value != nil)
                #expect(live.sensors.battery().value?.source == "UPower")
                #expect(live.sensors.logindIdle().value != nil)
                let lost = try await live.sensors.change(.idle, after: { live.bus.stop() }) {
                    $0.logindIdle() == .unknown(reason: "the system bus connection closed")
                }
                #expect(lost)
                #expect(live.sensors.network() == .unknown(reason: "the system bus connection closed"))
                #expect(live.sensors.battery() == live.fallback("the system bus connection closed"))
            }
        }
    }

    @Suite struct NoBus {
        @Test func withoutABusEveryReadingIsUnknownAndNothingWaits() async throws {
            setenv("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/nonexistent/musicdiff-no-bus", 1)
            let sys = try FixtureTree()
            try sys.write("class/power_supply/AC/type", "Mains\n")
            try sys.write("class/power_supply/AC/online", "1\n")
            let clock = ContinuousClock()
            let start = clock.now
            let sensors = DBusSensors(paths: SensorPaths(proc: sys.root, sys: sys.root))
            defer { sensors.stop() }
            // Bounds far above a busy runner's delays and far below what a wait would take:
            // D-Bus's 25 s call timeout, the minute given to `waitUntilReady`.
            #expect(clock.now - start < .seconds(10), "init waits for no bus")
            await sensors.waitUntilReady(timeout: .seconds(60))
            #expect(clock.now - start < .seconds(20), "ready without waiting out the timeout")

            guard case .unknown(let reason) = sensors.network() else {
                Issue.record("network should be unknown")
                return
            }
            #expect(reason.hasPrefix("no system bus: "))
            #expect(sensors.logindIdle() == .unknown(reason: reason))
            #expect(sensors.battery().value?.source == "/sys/class/power_supply (no battery; \(reason))")
            #expect(sensors.battery().value?.onBattery == false)
        }

        @Test func stoppingWhileConnectingDoesNotSpoilTheNextSensors() async throws {
            setenv("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/nonexistent/musicdiff-no-bus", 1)
            DBusSensors(paths: SensorPaths()).stop()
            try await withLiveBus([.logind]) { live in
                #expect(
                    live.sensors.logindIdle().value?.source == "logind manager",
                    "\(live.sensors.logindIdle())"
                )
                let inhibitor = try await live.sensors.inhibitSleep(why: "x").get()
                #expect(inhibitor.isHeld)
            }
        }

        @Test func stopEndsTheStreamsAndTheReadings() async throws {
            setenv("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/nonexistent/musicdiff-no-bus", 1)
            let sensors = DBusSensors(paths: SensorPaths())
            let events = sensors.changes()
            sensors.stop()
            for await _ in events {}
            #expect(sensors.network() == .unknown(reason: "the D-Bus sensors are stopped"))
            #expect(sensors.logindIdle() == .unknown(reason: "the D-Bus sensors are stopped"))
        }
    }
}
