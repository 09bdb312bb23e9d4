import Foundation
import MusicdiffDaemon
import MusicdiffTestSupport
import Testing

/// `musicdiff pause` and `resume`, from the built binary: kept in the store with no daemon,
/// holding plain manual syncs (not forced ones); a running daemon stops its sync, holds the
/// next across a restart, and starts it once resumed.
@Suite struct PauseCommandTests {
    @Test func withNoDaemonAPauseHoldsAPlainManualSyncButNotAForcedOne() throws {
        let fixture = try DaemonFixture()
        try fixture.config(command: [try fixture.countingScript()])
        let pause = try fixture.run("pause", "2h")
        #expect(pause.status == 0, "\(pause.stderr)")
        #expect(pause.stdout.hasPrefix("Paused until "))
        #expect(pause.stdout.contains("no daemon runs: the pause applies when one starts"))
        let held = try fixture.run("sync")
        #expect(held.status == 1)
        #expect(held.stderr.contains("not syncing: paused until "), "\(held.stderr)")
        #expect(fixture.scriptRuns == 0)
        let status = try fixture.run("daemon", "status").stdout
        #expect(status.contains("\npaused until "), "\(status)")
        #expect(status.contains("(kept for the daemon's start)"))
        let paused = try #require(
            try fixture.cli.whyNotJSON("--policy", "server")["paused"] as? [String: Any]
        )
        #expect(paused["until"] is String && paused["condition"] is NSNull)
        #expect(try fixture.run("sync", "--force").status == 0)
        #expect(fixture.scriptRuns == 1)
        #expect(try fixture.run("resume").stdout == "Resumed: syncs may start again.\n")
        #expect(try fixture.run("resume").stdout == "Not paused.\n")
        #expect(try fixture.cli.whyNotJSON("--policy", "server")["paused"] is NSNull)
        #expect(try fixture.run("sync").status == 0)
        #expect(fixture.scriptRuns == 2)
        #expect(try fixture.run("pause", "5x").stderr.contains("\"5x\" is not a duration"))
        #expect(try fixture.run("pause", "--until", "moon").status == 1)
    }

    @Test func aPauseStopsTheDaemonsSyncHoldsItAcrossARestartAndResumeStartsIt() throws {
        let fixture = try DaemonFixture()
        try fixture.config(command: [try fixture.spanningJob()])
        defer { FileManager.default.createFile(atPath: fixture.cli.root + "/go", contents: nil) }
        #expect(try fixture.run("daemon", "--interval", "6h").status == 0)
        try fixture.waitFor("the first sync to start") { fixture.spans.count == 1 }

        let pause = try fixture.run("pause")
        #expect(pause.stdout.hasPrefix("Paused until musicdiff resume"), "\(pause.stdout)")
        try fixture.waitFor("the sync to be stopped") { fixture.runs.first?.outcome == .stopped }
        #expect(
            fixture.runs.first?.message?.contains("paused") == true,
            "\(fixture.runs.first?.message ?? "")"
        )
        #expect(fixture.spans.first?.end != nil)
        try fixture.waitFor("the paused decision") { fixture.ticks.first?.failed == ["paused"] }
        #expect(
            try fixture.run("daemon", "status").stdout.contains("\npaused until musicdiff resume (since ")
        )

        #expect(try fixture.run("daemon", "stop").status == 0)
        let before = fixture.ticks.count
        #expect(try fixture.run("daemon", "--interval", "6h").status == 0)
        try fixture.waitFor("the restarted daemon's paused decision") {
            fixture.ticks.count > before && fixture.ticks.first?.failed == ["paused"]
        }
        #expect(fixture.spans.count == 1, "the due sync stays held across the restart")

        #expect(try fixture.run("resume").status == 0)
        try fixture.waitFor("the next sync to start once resumed") { fixture.spans.count == 2 }
        #expect(fixture.log.contains("The pause was lifted (musicdiff resume)"))
    }

    @Test func aPauseKeptBeforeTheStartIsTheDaemonsFirstStatusLineAndResumeStartsTheSync() throws {
        let fixture = try DaemonFixture()
        try fixture.config(command: [try fixture.countingScript()])
        #expect(try fixture.run("pause", "2h").status == 0)
        let socket = try NotifySocket()
        _ = try fixture.launch(["daemon", "--foreground", "--interval", "6h"]) { _ in
            ["NOTIFY_SOCKET": socket.address]
        }
        let ready = try socket.wait(for: "READY=1 with the first status") { $0.hasPrefix("READY=1") }
        #expect(ready.message.contains("\nSTATUS=paused until "), "\(ready.message)")
        #expect(fixture.scriptRuns == 0)
        #expect(try fixture.run("resume").status == 0)
        try socket.wait(for: "a syncing status", after: ready.index) { $0.hasPrefix("STATUS=syncing since ") }
        try fixture.waitFor("the sync once resumed") { fixture.scriptRuns == 1 }
    }
}
