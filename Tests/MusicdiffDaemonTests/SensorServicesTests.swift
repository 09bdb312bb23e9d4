import MusicdiffCore
import MusicdiffDaemon
import MusicdiffSensors
import Testing

/// Which D-Bus services a one-shot command asks for a policy: those its rules read.
@Suite struct SensorServicesTests {
    func services(_ text: String) throws -> SensorServices {
        SensorServices(readBy: try PolicyParser.parse(text, file: "p.yaml", defaultName: "p"))
    }

    @Test func eachRuleNeedsItsService() throws {
        #expect(try services("min_gap: 1h\nload: { max_per_core: 0.5 }\n") == [])
        #expect(try services("battery: { min_percent: 40 }\n") == [.upower])
        #expect(try services("network: { require: unmetered }\n") == [.networkManager])
        #expect(try services("idle: { min: 10m }\n") == [.logind])
        #expect(try services("busy: [camera, microphone]\n") == [])
        #expect(try services("busy: [idle-inhibitor, gamemode]\n") == [.logind, .gameMode])
        let laptop = try #require(ShippedPolicies.policy(named: "laptop"))
        #expect(SensorServices(readBy: laptop) == SensorServices.all.subtracting(.gameMode))
        let desktop = try #require(ShippedPolicies.policy(named: "desktop"))
        #expect(SensorServices(readBy: desktop).isSuperset(of: [.logind, .gameMode]))
    }
}
