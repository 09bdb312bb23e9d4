import ArgumentParser
import Foundation
import MusicdiffCore
import MusicdiffDaemon

/// `musicdiff simulate-history --store FILE`: hidden; records a scripted laptop's days into a
/// store through the daemon's recording code, for tests, the README and measurements.
struct SimulateHistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate-history",
        abstract: "Record a simulated laptop's days into a state store (for tests and measurements).",
        shouldDisplay: false
    )

    @Option(help: "The store to write (created).")
    var store: String

    @Option(help: "Days to simulate, ending at the start of today (UTC).")
    var days = 7

    @Option(help: "The policy the simulated daemon gates with.")
    var policy = "laptop"

    @Option(help: "The interval between syncs, in seconds or with a unit.")
    var interval = "6h"

    @Flag(help: "The user is at the keyboard but for an hour a night: a decision on nearly every poll tick.")
    var busy = false

    func run() throws {
        let environment = Environment()
        let resolved = try environment.resolver.resolve(environment.absolutePolicy(policy))
        guard let every = DurationText.parse(interval) else {
            throw ValidationError("--interval: \"\(interval)\" is not a duration")
        }
        let utc = TimeZone(identifier: "UTC")!
        let plan = SchedulePlan(schedule: .interval(every), timeZone: utc)
        let today = Date(
            timeIntervalSince1970: (Date().timeIntervalSince1970 / 86_400).rounded(.down) * 86_400
        )
        let start = today.addingTimeInterval(-Double(days) * 86_400)
        let simulator = HistorySimulator.laptop(
            policy: resolved.policy,
            plan: plan,
            start: start,
            days: days,
            busy: busy
        )
        let (moments, _) = simulator.run(from: start, to: today)
        let opened = try StateStore.open(path: store)
        try opened.recordSimulated(moments, schedule: plan.schedule.describe(cronText: nil), timeZone: utc)
        // The prediction's summary, as the daemon keeps it for its policy.
        try opened.summarize(for: resolved.policy, now: today)
        print("\(moments.count) moments recorded in \(store)")
    }
}
