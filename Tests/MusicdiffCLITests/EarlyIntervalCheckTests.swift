import Foundation
import Testing

/// An `early` window at least as long as the daemon's interval is refused where the two
/// meet (config check, the daemon's start), in one line naming the policy's `early:` value.
@Suite struct EarlyIntervalCheckTests {
    @Test func earlyAsLongAsTheIntervalIsRefusedAtTheEarlyKey() throws {
        let fixture = try CLIFixture()
        try fixture.write(
            "home/config.yaml",
            "sync:\n  command: [\"/bin/true\"]\ndaemon:\n  interval: 2h\n  smart: true\n  policy: ahead\n"
        )
        let policy = fixture.home + "/policies/ahead.yaml"
        try fixture.write("home/policies/ahead.yaml", "min_gap: 1h\nearly: 2h\n")
        let check = try fixture.run("config", "check")
        #expect(check.status == 1)
        let lines = check.stderr.split(separator: "\n").map(String.init)
        #expect(
            lines == [
                "\(policy):2:8: early: 2h is not shorter than the interval (2h); the window would open"
                    + " as soon as a sync ended (try less than 2h)",
                "1 error in 1 file",
            ],
            "\(check.stderr)"
        )
        let start = try fixture.run("daemon")
        #expect(start.status == 1 && start.stderr.contains("\(policy):2:8: early: 2h"), "\(start.stderr)")
        try fixture.write("home/policies/ahead.yaml", "min_gap: 1h\nearly: 90m\n")
        let fixed = try fixture.run("config", "check")
        #expect(fixed.status == 0, "\(fixed.stderr)")
    }
}
