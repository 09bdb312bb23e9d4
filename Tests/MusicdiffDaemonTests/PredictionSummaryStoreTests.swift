import Foundation
import GRDB
import MusicdiffCore
import MusicdiffTestSupport
import Testing

@testable import MusicdiffDaemon

/// The store's prediction summary: kept up one recorded moment at a time, it predicts what a
/// read of the 14 days' rows predicts; it is made again for another policy, stays bounded,
/// and a policy it is not kept for is predicted from the rows.
@Suite struct PredictionSummaryStoreTests {
    let scratch: ScratchFolder
    var path: String { scratch.path + "/state.sqlite" }
    /// Monday 2027-01-18 00:00 UTC.
    static let monday = Date(timeIntervalSince1970: 1_800_230_400)
    static let home = Policy(name: "home", network: NetworkRule(require: .unmetered))
    static let anywhere = Policy(name: "anywhere", network: NetworkRule(require: .any))

    init() throws { scratch = try ScratchFolder("musicdiff-summary") }

    /// `days` days of moments every 20 minutes (none from 12:00 to 14:00: readings go stale),
    /// unmetered from 22:30 on weekdays and 10:00 on weekends.
    static func routine(days: Int) -> [RecordedMoment] {
        stride(from: 0.0, to: Double(days) * 24, by: 1.0 / 3).compactMap { hours -> RecordedMoment? in
            let hour = hours.truncatingRemainder(dividingBy: 24)
            guard hour < 12 || hour >= 14 else { return nil }
            let weekend = Int(hours / 24) % 7 >= 5
            let home = hour >= (weekend ? 10 : 22.5)
            return RecordedMoment(
                at: monday.addingTimeInterval(hours * 3600),
                kind: .decision,
                readings: .testing(
                    network: .known(
                        NetworkState(metered: home ? .no : .yes, primary: .wifi, connectivity: .full)
                    )
                )
            )
        }
    }

    /// What a read of the rows predicts, and what the summary does, at each of `nows`.
    static func both(_ store: StateStore, _ policy: Policy, at nows: [Date]) throws -> [[Prediction?]] {
        try nows.map { now in
            [
                try store.scannedPrediction(for: policy, now: now, utcOffset: 0),
                try store.summary(for: policy)?.prediction(now: now, utcOffset: 0),
            ]
        }
    }

    @Test func aSummaryKeptUpTickByTickPredictsAsTheRowsDo() throws {
        let store = try StateStore.open(path: path)
        try store.summarize(for: Self.home, now: Self.monday)
        let moments = Self.routine(days: 18)
        for moment in moments { try store.record(moment) }
        let end = moments.last!.at
        let nows = [end + 60, end + 1200, end + 3 * 3600, end + 9 * 3600]
        for pair in try Self.both(store, Self.home, at: nows) {
            #expect(pair[0] != nil && pair[1] == pair[0], "\(pair)")
        }
        // The rows of 18 days, the summary of at most 16 (a day more than the window's 15).
        let (days, slots) = try store.summarySize()
        #expect(days <= 16 && slots <= 16 * 48 && slots > 0, "\(days) days, \(slots) half hours")
    }

    @Test func anotherPolicyIsSummarizedAgainFromTheRowsAndOneNotKeptIsReadFromThem() throws {
        let store = try StateStore.open(path: path)
        let moments = Self.routine(days: 15)
        for moment in moments { try store.record(moment) }
        let now = moments.last!.at + 600
        #expect(try store.summary(for: Self.home) == nil, "no summary kept yet")
        let scanned = try store.prediction(for: Self.home, now: now, timeZone: .gmt)
        let rows = try store.scannedPrediction(for: Self.home, now: now, utcOffset: 0)
        #expect(scanned != nil && scanned == rows)
        // A daemon starts with `anywhere`, then reloads with `home`: made again, then kept up.
        try store.summarize(for: Self.anywhere, now: now)
        #expect(try store.summary(for: Self.home) == nil)
        #expect(try store.summary(for: Self.anywhere) != nil)
        try store.summarize(for: Self.home, now: now)
        let more = Self.routine(days: 17).filter { $0.at > moments.last!.at }
        for moment in more { try store.record(moment) }
        let later = more.last!.at + 600
        for pair in try Self.both(store, Self.home, at: [later]) {
            #expect(pair[0] != nil && pair[1] == pair[0], "\(pair)")
        }
        let predicted = try store.prediction(for: Self.home, now: later, timeZone: .gmt)
        let fromRows = try store.scannedPrediction(for: Self.home, now: later, utcOffset: 0)
        #expect(predicted == fromRows)
    }
}

extension StateStore {
    /// How many days and half hours the stored summary holds.
    func summarySize() throws -> (days: Int, slots: Int) {
        try database.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT count(*) FROM prediction_day") ?? 0,
                try Int.fetchOne(db, sql: "SELECT count(*) FROM prediction_slot") ?? 0
            )
        }
    }
}
