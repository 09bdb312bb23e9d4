import Foundation

@testable import MusicdiffCore

/// The recorded fixture week: ``HistorySimulator/laptop(policy:plan:start:days:runLength:)``
/// played under the shipped `laptop` policy every 6 hours from Monday 2026-11-23 00:00 UTC,
/// through the daemon's own decisions, to Monday 2026-11-30 00:00.
enum FixtureWeek {
    static let monday = Date(timeIntervalSince1970: 1_795_392_000)
    static let end = monday.addingTimeInterval(7 * 86_400)
    static let plan = SchedulePlan(schedule: .interval(.seconds(6 * 3600)), timeZone: utc)
    static let utc = TimeZone(identifier: "UTC")!

    static func policy(_ name: String) -> Policy {
        ShippedPolicies.policy(named: name)!
    }

    static let recorded = HistorySimulator.laptop(
        policy: policy("laptop"),
        plan: plan,
        start: monday,
        days: 7
    )
    .run(from: monday, to: end)

    static var grid: HistoryGrid {
        HistoryGrid.build(
            moments: recorded.moments,
            runs: recorded.runs,
            days: 7,
            now: end.addingTimeInterval(-1),
            timeZone: utc,
            daemonRunning: true
        )
    }

    /// Each day's cells as letters.
    static var rows: [String] { grid.days.map { String($0.cells.map(\.letter)) } }
}
