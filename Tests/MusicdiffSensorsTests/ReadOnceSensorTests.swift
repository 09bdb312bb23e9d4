import Foundation
import MusicdiffCore
import MusicdiffSensors
import MusicdiffTestSupport
import Testing

/// A command's one look at the sensors (`why-not` with no daemon): only the services its
/// policy needs are asked, UPower's client comes from its worker-thread constructor, and
/// nothing of the daemon's long watch (sleep signals, delay locks) is started.
extension DBusSensorTests {
    static let notAsked = "not read: no rule of the policy needs it"

    @Test func aOneLookAsksOnlyTheServicesItsPolicyNeeds() async throws {
        try await withLiveBus(
            [.networkManager, .upower, .logind],
            use: .readOnce([.upower]),
            setup: { driver in
                try driver.nmAddPrimaryProperties(metered: 1)
                try driver.upowerSetDisplayDevice(percent: 23, state: 2)
                try driver.upowerSetOnBattery(true)
            }
        ) { live in
            #expect(
                live.sensors.battery()
                    == .known(
                        BatteryState(onBattery: true, percent: 23, state: "discharging", source: "UPower")
                    )
            )
            #expect(live.sensors.network() == .unknown(reason: Self.notAsked))
            #expect(live.sensors.logindIdle() == .unknown(reason: Self.notAsked))
            // A one look takes no delay lock on suspend.
            switch await live.sensors.inhibitSleep(why: "test") {
            case .success: Issue.record("a one-look session took a sleep delay lock")
            case .failure(let error): #expect(error == .stopped)
            }
        }
    }

    @Test func aOneLookAtUPowerAndNetworkManagerReadsBoth() async throws {
        try await withLiveBus(
            [.networkManager, .upower],
            use: .readOnce([.networkManager, .upower]),
            setup: { driver in
                try driver.nmAddPrimaryProperties(metered: 4)
                try driver.upowerSetDisplayDevice(percent: 80, state: 1)
            }
        ) { live in
            #expect(live.sensors.network().value?.metered == .guessNo)
            #expect(live.sensors.battery().value?.source == "UPower")
            #expect(live.sensors.battery().value?.percent == 80)
        }
    }

    @Test func aOneLookAtNoServiceIsReadyAtOnceWithoutABus() async throws {
        setenv("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/nonexistent/bus", 1)
        let sensors = DBusSensors(paths: SensorPaths(), use: .readOnce([]))
        defer { sensors.stop() }
        await sensors.waitUntilReady(timeout: .seconds(30))
        #expect(sensors.network() == .unknown(reason: Self.notAsked))
        #expect(sensors.logindIdle() == .unknown(reason: Self.notAsked))
    }
}
