import Foundation
import MusicdiffCore
import MusicdiffTestSupport
import Testing

@testable import MusicdiffSensors

extension DBusSensorTests {
    /// power-profiles-daemon's active profile, from python-dbusmock's template on a private bus.
    @Suite struct PowerProfile {
        static func state(_ profile: String) -> Reading<PowerProfileState> {
            .known(PowerProfileState(profile: profile, source: "power-profiles-daemon"))
        }

        @Test func theUsersSwitchToPowerSaverAndBackIsAChange() async throws {
            try await withLiveBus([.powerProfiles]) { live in
                #expect(live.sensors.powerProfile() == Self.state("balanced"))

                let saver = try await live.sensors.change(
                    .powerProfile,
                    after: { try live.driver.setPowerProfile("power-saver") }
                ) { $0.powerProfile() == Self.state("power-saver") }
                #expect(saver)

                let balanced = try await live.sensors.change(
                    .powerProfile,
                    after: { try live.driver.setPowerProfile("balanced") }
                ) { $0.powerProfile() == Self.state("balanced") }
                #expect(balanced)
            }
        }

        /// Debian's own daemon, on a private system bus: its placeholder driver needs no
        /// hardware, and it says `balanced` (switching needs polkit, which is not on the bus).
        @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: Self.realDaemon)))
        func theRealPowerProfilesDaemonIsRead() async throws {
            try await withLiveBus([]) { live in
                let appeared = try await live.sensors.change(
                    .powerProfile,
                    after: { try live.bus.startProgram(Self.realDaemon) }
                ) { $0.powerProfile() == Self.state("balanced") }
                #expect(appeared, "\(live.sensors.powerProfile())")
            }
        }

        static let realDaemon = "/usr/libexec/power-profiles-daemon"

        @Test func withoutTheDaemonTheProfileIsUnknownAndSaysWhy() async throws {
            try await withLiveBus([]) { live in
                #expect(
                    live.sensors.powerProfile() == .unknown(reason: "power-profiles-daemon is not running")
                )
            }
        }

        @Test func aCommandThatNeedsNoProfileDoesNotAsk() async throws {
            try await withLiveBus([.powerProfiles], use: .readOnce([.upower])) { live in
                #expect(live.sensors.powerProfile() == .unknown(reason: SensorServices.notAsked))
            }
        }
    }
}
