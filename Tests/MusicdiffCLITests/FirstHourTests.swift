import Foundation
import MusicdiffDaemon
import Testing

/// Issue 25: what a new user tripped over in the first hour, each through the real binary.
@Suite struct FirstHourTests {
    /// A help text's paragraphs wrap once, at the terminal's width: no line of a paragraph
    /// ends where the next line's first word would still have fit in the width - 1 columns
    /// argument-parser fills (a hard line break in the
    /// source, re-wrapped, left `the relax\nsteps\nand the deadline`).
    @Test(arguments: [
        ["why-not"], ["daemon", "start"], ["sync"], ["config", "check"], ["policy", "check"], ["history"],
        ["replay"], ["schedule"], ["service", "install"], ["service", "status"],
    ])
    func helpWrapsEachParagraphOnce(command: [String]) throws {
        let width = 80
        let result = try CLIFixture().runner.run(
            command + ["--help"],
            extraEnvironment: ["COLUMNS": "\(width)"]
        )
        #expect(result.status == 0)
        let overview = result.stdout.components(separatedBy: "\nUSAGE:")[0]
        let lines = overview.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count > 2, "the help has a discussion: \(overview)")
        func indent(_ line: Substring) -> Int { line.prefix { $0 == " " }.count }
        for (line, next) in zip(lines, lines.dropFirst())
        where !line.allSatisfy(\.isWhitespace) && !next.allSatisfy(\.isWhitespace)
            && indent(line) == indent(next) && !line.hasSuffix(":")
        {
            let word = next.dropFirst(indent(next)).prefix { $0 != " " }
            #expect(line.count + 1 + word.count > width - 1, "re-wrapped: \"\(line)\" / \"\(next)\"")
        }
    }

    @Test func aNegativeCountIsRefusedAsOneNotAsAMissingValue() throws {
        let fixture = try CLIFixture()
        let history = try fixture.run("why-not", "--history", "-1")
        #expect(history.status == 1)
        #expect(history.stderr.contains("--history must be 0 or more"), "\(history.stderr)")
        #expect(!history.stderr.contains("Missing value"))
        let days = try fixture.run("history", "--days", "-1")
        #expect(days.status == 1)
        #expect(days.stderr.contains("--days must be from 1 to 30"), "\(days.stderr)")
    }

    @Test func statusNamesACronModeOnce() throws {
        let fixture = try DaemonFixture()
        try fixture.config(command: [fixture.countingScript()])
        let start = try fixture.run("daemon", "--schedule", "0 2 * * *")
        #expect(start.status == 0, "\(start.stderr)")
        defer { _ = try? fixture.run("daemon", "stop") }
        let status = try fixture.run("daemon", "status")
        #expect(status.stdout.contains("\nmode: cron \"0 2 * * *\"\n"), "\(status.stdout)")
        #expect(!status.stdout.contains("cron, cron"))
    }

    @Test func aTimeInThePastIsEvaluatedAndSaidSo() throws {
        let fixture = try CLIFixture()
        try fixture.write("load.yaml", "load: { max_per_core: 0.1 }\n")
        let past = try fixture.run(
            "why-not",
            "--policy",
            fixture.root + "/load.yaml",
            "--at",
            "2020-01-01T00:00"
        )
        #expect(past.status == 0, "\(past.stderr)")
        #expect(
            past.stdout.hasPrefix("what if: at 2020-01-01 00:00:00 (a time in the past)\n"),
            "\(past.stdout)"
        )
        let json = try fixture.whyNotJSON("--policy", fixture.root + "/load.yaml", "--at", "2020-01-01T00:00")
        #expect(json["evaluated_in_the_past"] as? Bool == true)
        let future = try fixture.run("why-not", "--policy", fixture.root + "/load.yaml", "--at", "23:59")
        #expect(!future.stdout.contains("in the past"), "\(future.stdout)")
    }

    /// Every error of config.yaml at once, in line order, from `config check` and from the daemon.
    @Test func configCheckListsEveryErrorInLineOrder() throws {
        let fixture = try CLIFixture()
        try fixture.write(
            "home/config.yaml",
            "sync:\n  command: [\"/bin/true\"]\n  timout: 1h\ndaemon:\n  interval: 6 hours\n  smart: maybe\n"
        )
        let home = fixture.home + "/config.yaml"
        let check = try fixture.run("config", "check")
        #expect(check.status == 1)
        let lines = check.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 4, "\(check.stderr)")
        let expected = [
            "\(home):3:3: unknown key \"timout\" in sync (did you mean \"timeout\"?)",
            "\(home):5:13: \"6 hours\" is not a duration", "\(home):6:10: daemon.smart must be true or false",
            "3 errors in 1 file",
        ]
        for (line, prefix) in zip(lines, expected) { #expect(line.hasPrefix(prefix), "\(check.stderr)") }
        let start = try fixture.run("daemon", "--interval", "1h")
        #expect(start.status == 1)
        #expect(
            start.stderr.hasPrefix("musicdiff: 3 errors in \(home):\n\(home):3:3: unknown key \"timout\"")
        )
        try fixture.write("home/config.yaml", "sync:\n  command: [\"/bin/true\"]\ndaemon:\n  interval: 6h\n")
        let fixed = try fixture.run("config", "check")
        #expect(fixed.status == 0, "\(fixed.stderr)")
        #expect(fixed.stdout == "\(home): ok (interval, every 6h)\n")
        #expect(fixed.stderr.isEmpty)
    }

    /// YAML's own words become the user's: a tab, an indentation, a second document, a key
    /// with no space after its colon.
    @Test(arguments: [
        (
            "sync:\n\tcommand: [\"/bin/true\"]\n", 2, 1,
            "a tab character; YAML indents and separates with spaces only"
        ),
        (
            "sync:\n  command: [\"/bin/true\"]\n   timeout: 1h\n", 3, 4,
            "this line is indented 3 spaces, which lines up with no key above it"
        ),
        (
            "sync:\n  command: [\"/bin/true\"]\ndaemon:\n  interval: 6h\n   smart: true\n", 5, 9,
            "a \":\" where no key can start: this line is indented 3 spaces, unlike the keys above it"
        ),
        ("sync:\n  command: [\"/bin/true\"]\n---\ndaemon: {}\n", 3, 1, "a second document (\"---\")"),
        (
            "sync:\n  command: [\"/bin/true\"]\ndaemon:\n  interval:6h\n  smart: true\n", 4, 11,
            "no space after the \":\" of interval; a key needs one (write \"interval: 6h\")"
        ),
        ("sync:\n  command: [\"/bin/true\"\n", 2, 12, "\"[\" opened here is not closed with \"]\""),
    ])
    func yamlSyntaxErrorsSayWhatIsWrong(text: String, line: Int, column: Int, message: String) throws {
        let fixture = try CLIFixture()
        try fixture.write("home/config.yaml", text)
        let check = try fixture.run("config", "check")
        #expect(check.status == 1)
        #expect(
            check.stderr.hasPrefix("\(fixture.home)/config.yaml:\(line):\(column): \(message)"),
            "\(check.stderr)"
        )
        #expect(!check.stderr.contains("YAML syntax error"), "\(check.stderr)")
    }

    /// A home made with a plain `mkdir` (0755) draws a warning from the daemon and from config check.
    @Test func aHomeOthersCanOpenIsWarnedAbout() throws {
        let fixture = try DaemonFixture()
        try fixture.config(command: [fixture.countingScript()])
        chmod(fixture.cli.home, 0o755)
        let warning = "\(fixture.cli.home) is open to other users (mode 0755)"
        let check = try fixture.run("config", "check")
        #expect(check.stderr.hasPrefix("warning: \(warning)"), "\(check.stderr)")
        let start = try fixture.run("daemon", "--interval", "6h")
        #expect(start.status == 0, "\(start.stderr)")
        defer { _ = try? fixture.run("daemon", "stop") }
        #expect(start.stderr.contains("musicdiff: warning: \(warning)"), "\(start.stderr)")
        try fixture.waitFor("the warning in the log") { fixture.log.contains("WARNING - \(warning)") }
        chmod(fixture.cli.home, 0o700)
        #expect(try fixture.run("config", "check").stderr.isEmpty)
    }

    /// `daemon stop` says what it waits for while the daemon stops its job.
    @Test func daemonStopSaysItWaitsForTheJob() throws {
        let fixture = try DaemonFixture()
        try fixture.config(command: [fixture.spanningJob()], sync: "  grace: 3s\n")
        let start = try fixture.run("daemon", "--interval", "6h")
        #expect(start.status == 0, "\(start.stderr)")
        let pid = try #require(fixture.daemonPid)
        try fixture.waitFor("the job to start") { !fixture.spans.isEmpty }
        let job = try #require(SyncLock.holder(at: fixture.home.syncLock))
        let stop = try fixture.run("daemon", "stop")
        #expect(stop.status == 0, "\(stop.stderr)")
        #expect(
            stop.stdout == """
                Stopping the sync job first (\(job)): SIGTERM, then SIGKILL after 3s (sync.grace); waiting up to 8s for the daemon to stop
                Daemon stopped (pid \(pid))

                """,
            "\(stop.stdout)"
        )
    }
}
