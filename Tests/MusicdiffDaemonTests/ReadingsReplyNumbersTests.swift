import Foundation
import MusicdiffCore
import Testing

@testable import MusicdiffDaemon

/// Numbers in the daemon's readings reply are checked as every number from outside is: one
/// that is not finite or out of its range makes its reading unknown, saying which.
@Suite struct ReadingsReplyNumbersTests {
    static let readings = [
        "idle\tknown\t-\tlogind session 3", "network\tknown\tno\tethernet\tfull\t-\tNetworkManager",
        "load\tknown\t0.5\t4", "battery\tknown\tfalse\t=80.0\t-\tUPower",
        "power_profile\tknown\tbalanced\tpower-profiles-daemon",
        "storage\tknown\t/home\t1288490188.8\t500000000000.0",
        "busy\tknown\tfree\t-\tin use: camera in use (pid 4711 cheese)\tunknown: cannot read /proc/asound",
    ]

    static func reply(_ replacing: String) -> [UInt8] {
        let name = replacing.prefix { $0 != "\t" }
        let lines = readings.map { $0.hasPrefix(name + "\t") ? replacing : $0 }
        return Array(
            (["musicdiff-readings\t2\t42\t1764632084.25"] + lines + ["end", ""]).joined(separator: "\n").utf8
        )
    }

    @Test(arguments: [
        ("battery\tknown\ttrue\t=inf\t-\tUPower", "the daemon reported a battery percentage of inf"),
        ("battery\tknown\ttrue\t=-1e300\t-\tUPower", "the daemon reported a battery percentage of -1e300"),
        ("battery\tknown\ttrue\t=nan\t-\tUPower", "the daemon reported a battery percentage of nan"),
        ("load\tknown\t1e300\t4", "the daemon reported a load average of 1e300"),
        (
            "load\tknown\t0.5\t99999999999999999999",
            "the daemon reported a CPU count of \"99999999999999999999\""
        ),
        ("idle\tknown\t=1e300\tlogind session 3", "the daemon reported an idle start of 1e300"),
    ])
    func aHostileNumberIsAnUnknownReadingWithItsReason(line: String, reason: String) throws {
        let machine = try #require(try DaemonReadings.parse(Self.reply(line)).get().machine)
        let reasons = [machine.idle.reason, machine.load.reason, machine.battery.reason].compactMap { $0 }
        #expect(reasons == [reason])
    }

    @Test(arguments: ["inf", "1e300", "-5", "nan"])
    func aHostileTimeOnTheFirstLineIsADamagedReply(at: String) {
        let reply = Array("musicdiff-readings\t2\t42\t\(at)\nend\n".utf8)
        #expect(DaemonReadings.parse(reply) == .failure(.unreadable("a reply whose first line is damaged")))
    }
}

extension Reading {
    fileprivate var reason: String? {
        if case .unknown(let reason) = self { return reason }
        return nil
    }
}
