import Foundation
import Testing

/// `replay --predict` from the built binary over `simulate-history`'s store: the figures add
/// up, and the same store gives the same figures twice.
@Suite struct ReplayPredictTests {
    @Test func theFiguresAreTheSameTwiceOverTheSimulatedLaptop() throws {
        let fixture = try CLIFixture()
        let store = fixture.home + "/sim.sqlite"
        try fixture.simulateHistory(days: 14, store: store)
        let arguments = ["replay", "--policy", "laptop", "--predict", "--store", store, "--days", "7"]
        let first = try fixture.runner.run(arguments)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try fixture.runner.run(arguments).stdout == first.stdout)
        let lines = first.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("7 days to ") == true, "\(first.stdout)")
        #expect(lines.contains { $0.hasPrefix("hits: ") }, "\(first.stdout)")
        #expect(lines.contains { $0.hasPrefix("median error: ") }, "\(first.stdout)")

        let json = try fixture.runner.run(arguments + ["--json"])
        #expect(try fixture.runner.run(arguments + ["--json"]).stdout == json.stdout)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        )
        let due = object["due_times"] as? Int ?? -1
        let parts = ["hits", "misses", "not_recorded", "no_prediction"].map { object[$0] as? Int ?? -1 }
        #expect(due > 0 && parts.reduce(0, +) == due, "\(object)")
        #expect(object["median_error_seconds"] is Double || object["median_error_seconds"] is Int)
    }
}
