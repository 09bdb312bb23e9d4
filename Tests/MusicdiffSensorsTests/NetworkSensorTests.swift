import MusicdiffCore
import MusicdiffTestSupport
import Testing

@testable import MusicdiffSensors

extension DBusSensorTests {
    @Suite struct Network {
        /// A Wi-Fi device with `ssid` as the primary connection.
        static func wifi(_ driver: BusDriver, ssid: String = "HomeNet", metered: UInt32 = 2) throws {
            try driver.nmJoinWiFi(ssid: ssid, name: "home", metered: metered)
        }

        @Test func wifiGoesFromUnmeteredToMetered() async throws {
            try await withLiveBus([.networkManager], setup: { try Self.wifi($0) }) { live in
                let home = NetworkState(metered: .no, primary: .wifi, ssid: "HomeNet", connectivity: .full)
                #expect(live.sensors.network() == .known(home))
                let changed = try await live.sensors.change(
                    .network,
                    after: { try live.driver.nmSetMetered(1) }
                ) {
                    $0.network().value?.metered == .yes
                }
                #expect(changed)
                #expect(
                    live.sensors.network()
                        == .known(
                            NetworkState(metered: .yes, primary: .wifi, ssid: "HomeNet", connectivity: .full)
                        )
                )
            }
        }

        @Test func everyMeteredValueIsRead() async throws {
            try await withLiveBus([.networkManager], setup: { try Self.wifi($0, metered: 0) }) { live in
                #expect(live.sensors.network().value?.metered == .unknown)
                for (raw, metered) in [
                    (1, NetworkState.Metered.yes), (3, .guessYes), (4, .guessNo), (2, .no), (0, .unknown),
                ] {
                    let changed = try await live.sensors.change(
                        .network,
                        after: { try live.driver.nmSetMetered(UInt32(raw)) }
                    ) {
                        $0.network().value?.metered == metered
                    }
                    #expect(changed, "metered \(raw)")
                }
            }
        }

        @Test func wifiGivesWayToEthernet() async throws {
            try await withLiveBus([.networkManager], setup: { try Self.wifi($0) }) { live in
                #expect(live.sensors.network().value?.primary == .wifi)
                let changed = try await live.sensors.change(
                    .network,
                    after: {
                        try live.driver.nmSetPrimary(
                            live.driver.nmAddEthernet(name: "eth0"),
                            type: "802-3-ethernet"
                        )
                    }
                ) { $0.network().value?.primary == .ethernet }
                #expect(changed)
                #expect(
                    live.sensors.network()
                        == .known(NetworkState(metered: .no, primary: .ethernet, connectivity: .full))
                )
            }
        }

        @Test func theSSIDFollowsThePrimaryWiFiConnection() async throws {
            try await withLiveBus([.networkManager], setup: { try Self.wifi($0) }) { live in
                #expect(live.sensors.network().value?.ssid == "HomeNet")
                let changed = try await live.sensors.change(
                    .network,
                    after: {
                        let cafe = try live.driver.nmAddWiFiNetwork(
                            device: "/org/freedesktop/NetworkManager/Devices/wlan0",
                            ssid: "Café Corner",
                            name: "cafe"
                        )
                        try live.driver.nmSetPrimary(cafe, type: "802-11-wireless")
                    }
                ) { $0.network().value?.ssid == "Café Corner" }
                #expect(changed)
                #expect(live.sensors.network().value?.primary == .wifi)
            }
        }

        @Test func connectivityIsRead() async throws {
            try await withLiveBus([.networkManager], setup: { try Self.wifi($0) }) { live in
                let changed = try await live.sensors.change(
                    .network,
                    after: { try live.driver.nmSetProperty("Connectivity", "uint32 2") }
                ) {
                    $0.network().value?.connectivity == .portal
                }
                #expect(changed)
            }
        }

        @Test(arguments: [
            ("802-11-wireless", NetworkState.Kind.wifi), ("802-3-ethernet", .ethernet),
            ("vpn", .other("vpn")),
            ("gsm", .other("gsm")), ("bridge", .other("bridge")), ("", .none),
        ])
        func connectionTypesMapToKinds(type: String, kind: NetworkState.Kind) {
            #expect(NetworkManagerClient.kind(type) == kind)
        }
    }
}
