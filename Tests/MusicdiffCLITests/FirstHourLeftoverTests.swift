import Foundation
import MusicdiffCore
import MusicdiffDaemon
import Testing

/// Issue 25's leftovers, through the real binary: a setting that does nothing is said, a
/// duration reads one way, the manual says what the commands do.
@Suite struct FirstHourLeftoverTests {
    /// `daemon.policy` with smart mode off: config check is ok, but says the policy is unused,
    /// at its line and column, as daemon start and the daemon's log do; with `smart: true`
    /// there is nothing to say.
    @Test func configCheckSaysAPolicyWithoutSmartModeIsNotUsed() throws {
        let fixture = try CLIFixture()
        let config = fixture.home + "/config.yaml"
        try fixture.write(
            "home/config.yaml",
            "sync:\n  command: [\"/bin/true\"]\ndaemon:\n  policy: laptop\n"
        )
        let unused = try fixture.run("config", "check")
        #expect(unused.status == 0, "\(unused.stderr)")
        #expect(unused.stdout == "\(config): ok (interval, every 24h)\n")
        #expect(
            unused.stderr
                == "\(config):4:11: warning: daemon.policy laptop is not used: daemon.smart is false, so a due"
                + " sync starts without asking a policy (set daemon.smart: true, or start the daemon with"
                + " --smart)\n"
        )
        let start = try fixture.run("daemon", "--interval", "6h")
        defer { _ = try? fixture.run("daemon", "stop") }
        #expect(start.status == 0, "\(start.stderr)")
        #expect(start.stderr == unused.stderr, "daemon start says it too")
        #expect(try fixture.run("daemon", "stop").status == 0)
        let log = try fixture.read("home/daemon.log")
        #expect(
            log.contains(" - WARNING - \(config):4:11: warning: daemon.policy laptop is not used"),
            "\(log)"
        )
        try fixture.write(
            "home/config.yaml",
            "sync:\n  command: [\"/bin/true\"]\ndaemon:\n  smart: true\n  policy: laptop\n"
        )
        let used = try fixture.run("config", "check")
        #expect(used.status == 0, "\(used.stderr)")
        #expect(used.stderr.isEmpty, "\(used.stderr)")
        #expect(used.stdout.hasPrefix("\(config): ok (smart interval, "), "\(used.stdout)")
    }

    /// A policy's duration prints in one form wherever the program quotes the setting:
    /// `min_gap: 2d` is `48h` in policy show and in why-not alike, as `max_deferral: 48h` is
    /// (PolicyEngineDecisionTests has the waiver's words, `max_deferral is 48h`).
    @Test func aSettingsDurationReadsTheSameInShowAndWhyNot() throws {
        let fixture = try CLIFixture()
        try fixture.write(
            "mine.yaml",
            "min_gap: 2d\nidle: { min: 90m }\nrelax:\n  - after: 36h\n    idle: off\nmax_deferral: 48h\n"
        )
        let file = fixture.root + "/mine.yaml"
        let show = try fixture.run("policy", "show", file)
        #expect(show.status == 0, "\(show.stderr)")
        for line in ["min_gap: 48h", "idle: { min: 1h30m }", "  - after: 36h", "max_deferral: 48h"] {
            #expect(show.stdout.contains("\n\(line)\n"), "\(line): \(show.stdout)")
        }
        let whyNot = try fixture.run("why-not", "--policy", file, "--assume", "idle=2m", "--history", "0")
        #expect(whyNot.stdout.contains("required: >= 48h since the last sync"), "\(whyNot.stdout)")
        #expect(whyNot.stdout.contains("required: idle >= 1h30m"), "\(whyNot.stdout)")
        #expect(!whyNot.stdout.contains("2d"), "\(whyNot.stdout)")
    }

    /// policy check's help and the committed manual say it takes names as well as files.
    @Test func policyCheckSaysItTakesNames() throws {
        let help = try CLIFixture().run("policy", "check", "--help")
        #expect(help.stdout.contains("Check policies, by name or file"), "\(help.stdout)")
        #expect(help.stdout.contains("USAGE: musicdiff policy check <policies> ..."), "\(help.stdout)")
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let page = try String(
            contentsOf: root.appendingPathComponent("docs/man/musicdiff.1"),
            encoding: .utf8
        )
        let section = try #require(
            page.components(separatedBy: ".SS musicdiff policy check\n").dropFirst().first
        )
        let text = section.components(separatedBy: ".SS ")[0]
        #expect(text.contains("Check policies, by name or file"), "\(text)")
        #expect(!text.contains("Validate policy files"), "\(text)")
    }

    /// A store recorded with an interval of two units (`every 1h 30m`) replays: the
    /// recorded schedule is read back as it was written.
    @Test func aStoreOfAnIntervalOfTwoUnitsReplays() throws {
        let fixture = try CLIFixture()
        let store = fixture.root + "/ninety.sqlite"
        let made = try fixture.run("simulate-history", "--store", store, "--days", "2", "--interval", "90m")
        #expect(made.status == 0, "\(made.stderr)")
        let replay = try fixture.run("replay", "--policy", "laptop", "--store", store)
        #expect(replay.status == 0, "\(replay.stderr)")
        #expect(replay.stdout.contains(", schedule every 1h30m\n"), "\(replay.stdout)")
    }

    /// `why-not --at` decides for that time, and its headline says `then`, not `now`.
    @Test func whyNotAtATimeSaysThen() throws {
        let fixture = try CLIFixture()
        let at = try fixture.run(
            "why-not",
            "--policy",
            "laptop",
            "--history",
            "0",
            "--at",
            "2020-01-01T00:00"
        )
        let lines = at.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "what if: at 2020-01-01 00:00:00 (a time in the past)", "\(at.stdout)")
        #expect(lines.dropFirst().first?.hasPrefix("laptop (shipped): a sync would") == true, "\(at.stdout)")
        #expect(lines.dropFirst().first?.contains(" then") == true, "\(at.stdout)")
        #expect(lines.dropFirst().first?.contains(" now") == false, "\(at.stdout)")
    }

    /// `why-not --at` a time before the last sync judges min_gap with the syncs before that
    /// time (it said `last sync 0s ago`, the later sync's, clamped).
    @Test func whyNotAtATimeBeforeTheLastSyncTakesTheSyncsBeforeIt() throws {
        let fixture = try CLIFixture()
        let ended = Date().addingTimeInterval(-3600)
        _ = try StateStore.open(path: fixture.home + "/state.sqlite").save(
            SyncRun(
                startedAt: ended.addingTimeInterval(-60),
                endedAt: ended,
                trigger: .daemon,
                outcome: .success
            )
        )
        try fixture.write("home/policies/gap.yaml", "min_gap: 6h\n")
        let now = try fixture.run("why-not", "--policy", "gap", "--history", "0")
        #expect(now.stdout.contains("✗ min_gap  last sync 1h ago"), "\(now.stdout)")
        let past = try fixture.run("why-not", "--policy", "gap", "--history", "0", "--at", "2020-01-01T00:00")
        #expect(past.stdout.contains("✓ min_gap  no sync recorded yet"), "\(past.stdout)")
    }
}
