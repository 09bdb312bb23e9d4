import Foundation
import Testing

/// `why-not --history N` in text: the rows asked for, and none with 0 (issue 25, items 1 and 2).
@Suite struct WhyNotHistoryTests {
    /// A home whose store holds a busy simulated week: a skipped tick on nearly every poll.
    static func recorded() throws -> CLIFixture {
        let fixture = try CLIFixture()
        try FileManager.default.createDirectory(atPath: fixture.home, withIntermediateDirectories: true)
        let made = try fixture.run(
            "simulate-history",
            "--store",
            fixture.home + "/state.sqlite",
            "--days",
            "2",
            "--busy"
        )
        #expect(made.status == 0, "\(made.stderr)")
        return fixture
    }

    @Test func historyZeroShowsNoHistoryAndDoesNotSayThereIsNone() throws {
        let fixture = try Self.recorded()
        let result = try fixture.run("why-not", "--policy", "laptop", "--history", "0")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.contains("history:"), "\(result.stdout)")
        #expect(!result.stdout.contains("no ticks"))
    }

    @Test func theTextShowsEveryRowAskedFor() throws {
        let fixture = try Self.recorded()
        let result = try fixture.run("why-not", "--policy", "laptop", "--history", "12")
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let summary = try #require(lines.firstIndex { $0.hasPrefix("history: ") }, "\(result.stdout)")
        #expect(lines[summary].contains(" of the last 12 ticks skipped"), "\(lines[summary])")
        let rows = lines[(summary + 1)...].prefix { $0.hasPrefix("  ") }
        #expect(rows.count == 12, "\(result.stdout)")
    }
}
