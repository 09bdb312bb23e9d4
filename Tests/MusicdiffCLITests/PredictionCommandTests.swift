import Foundation
import Testing

/// `why-not`'s predicted window, from the built binary, over `simulate-history`'s store.
@Suite struct PredictionCommandTests {
    @Test func whyNotPredictsFromTwoWeeksOfTheSimulatedLaptopAndNothingWithoutHistory() throws {
        let fixture = try CLIFixture()
        #expect(try fixture.whyNotJSON("--policy", "laptop", "--history", "0")["predicted"] is NSNull)
        let simulated = try fixture.run(
            "simulate-history",
            "--store",
            fixture.home + "/state.sqlite",
            "--days",
            "14"
        )
        #expect(simulated.status == 0, "\(simulated.stderr)")
        let object = try fixture.whyNotJSON("--policy", "laptop", "--history", "0")
        let predicted = try #require(object["predicted"] as? [String: Any], "\(object["predicted"] ?? "")")
        let (days, of) = (predicted["days"] as? Int ?? 0, predicted["of"] as? Int ?? 0)
        #expect(of >= 3 && days * 2 >= of && days <= of)
        #expect(
            try fixture.run("why-not", "--policy", "laptop", "--history", "0").stdout.contains(
                "usually possible "
            )
        )
    }

    @Test func daemonStatusPredictsForTheRunningDaemonsPolicy() throws {
        let fixture = try DaemonFixture()
        try fixture.config(
            command: [try fixture.countingScript()],
            daemon: "  smart: true\n  policy: laptop\n"
        )
        let simulated = try fixture.run(
            "simulate-history",
            "--store",
            fixture.cli.home + "/state.sqlite",
            "--days",
            "14"
        )
        #expect(simulated.status == 0, "\(simulated.stderr)")
        #expect(try fixture.run("daemon").status == 0)
        try fixture.waitFor("the daemon's policy in the store") {
            try fixture.run("daemon", "status").stdout.contains("usually possible ")
        }
    }
}
