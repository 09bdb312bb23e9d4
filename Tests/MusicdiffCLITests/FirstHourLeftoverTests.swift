import Foundation
import Testing

/// Issue 25's leftovers, through the real binary: a setting that does nothing is said, the
/// manual says what the commands do.
@Suite struct FirstHourLeftoverTests {
    /// `daemon.policy` with smart mode off: config check is ok, but says the policy is unused,
    /// at its line and column; with `smart: true` there is nothing to say.
    @Test func configCheckSaysAPolicyWithoutSmartModeIsNotUsed() throws {
        let fixture = try CLIFixture()
        let config = fixture.home + "/config.yaml"
        try fixture.write(
            "home/config.yaml",
            "sync:\n  command: [\"/bin/true\"]\ndaemon:\n  policy: laptop\n"
        )
        let unused = try fixture.run("config", "check")
        #expect(unused.status == 0, "\(unused.stderr)")
        #expect(unused.stdout == "\(config): ok (interval, every 1d)\n")
        #expect(
            unused.stderr
                == "\(config):4:11: warning: daemon.policy laptop is not used: daemon.smart is false, so a due"
                + " sync starts without asking a policy (set daemon.smart: true, or start the daemon with"
                + " --smart)\n"
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
}
