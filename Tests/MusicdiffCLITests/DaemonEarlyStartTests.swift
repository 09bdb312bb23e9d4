import Foundation
import MusicdiffCore
import MusicdiffDaemon
import Testing

/// The real daemon starts a sync early: with `early:` and every rule holding, the sync after
/// the first starts inside the window, before its due time, and is recorded with nothing due.
@Suite struct DaemonEarlyStartTests {
    @Test func theDaemonStartsTheNextSyncBeforeItsDueTimeWhenEveryRuleHolds() throws {
        let fixture = try DaemonFixture()
        // The shortest interval; the window never opens in the first half of the time from
        // the last run's start to the due time, so the early start comes about 30 s on.
        try fixture.config(command: [fixture.countingScript()], daemon: "  interval: 60s\n")
        try fixture.cli.write("home/policies/ahead.yaml", "early: 50s\n")
        #expect(try fixture.run("daemon", "--smart", "--policy", "ahead").status == 0)
        defer { _ = try? fixture.run("daemon", "stop") }
        try fixture.waitFor("the first sync to end") { fixture.runs.first?.endedAt != nil }
        let first = try #require(fixture.runs.first)
        let due = try #require(first.endedAt).addingTimeInterval(60)
        try fixture.waitFor("the second sync to start", timeout: .seconds(60)) { fixture.runs.count >= 2 }
        let second = try #require(fixture.runs.first { $0.id != first.id })
        #expect(second.startedAt < due, "started \(second.startedAt), due \(due); log:\n\(fixture.log)")
        #expect(second.trigger == .daemon)
        let store = try #require(try StateStore.openForReading(path: fixture.home.stateFile))
        let start = try #require(
            try store.moments(from: first.startedAt).last { $0.kind == .syncStart },
            "the early start is recorded"
        )
        #expect(abs(start.at.timeIntervalSince(second.startedAt)) < 1)
        #expect(start.dueSince == nil, "nothing was due when it started: an early start")
    }
}
