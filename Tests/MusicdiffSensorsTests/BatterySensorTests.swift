import MusicdiffCore
import MusicdiffTestSupport
import Testing

@testable import MusicdiffSensors

extension DBusSensorTests {
    @Suite struct Battery {
        @Test func fromACToBatteryAt23PercentAndBack() async throws {
            try await withLiveBus([.upower]) { live in
                #expect(
                    live.sensors.battery()
                        == .known(BatteryState(onBattery: false, percent: nil, source: "UPower"))
                )

                let unplugged = try await live.sensors.change(
                    .battery,
                    after: {
                        try live.driver.upowerSetDisplayDevice(percent: 23, state: 2)
                        try live.driver.upowerSetOnBattery(true)
                    }
                ) { $0.battery().value?.onBattery == true && $0.battery().value?.percent == 23 }
                #expect(unplugged)
                #expect(
                    live.sensors.battery()
                        == .known(
                            BatteryState(onBattery: true, percent: 23, state: "discharging", source: "UPower")
                        )
                )

                let pluggedIn = try await live.sensors.change(
                    .battery,
                    after: {
                        try live.driver.upowerSetOnBattery(false)
                        try live.driver.upowerSetDisplayDevice(percent: 24, state: 1)
                    }
                ) { $0.battery().value?.onBattery == false && $0.battery().value?.state == "charging" }
                #expect(pluggedIn)
                #expect(
                    live.sensors.battery()
                        == .known(
                            BatteryState(onBattery: false, percent: 24, state: "charging", source: "UPower")
                        )
                )
            }
        }

        @Test func withoutUPowerTheSysTreeIsRead() async throws {
            try await withLiveBus([]) { live in
                #expect(live.sensors.battery() == live.fallback("UPower is not running"))
            }
        }
    }
}
