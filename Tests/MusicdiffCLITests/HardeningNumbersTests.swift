import Foundation
import Testing

/// Hostile numbers from outside (`/sys`, `/proc`) and far-off times, through the real binary:
/// an unknown reading with its reason, or a correct answer; never a trap.
@Suite struct HardeningNumbersTests {
    /// `Date.distantFuture` is 4001-01-01: a check "at the latest then" came before the moment.
    @Test(arguments: [
        ("4001-06-01T12:00", "4001-06-01 12:01:00"), ("9999-12-31T23:00", "9999-12-31 23:01:00"),
    ])
    func aMovedTimePastTheYear4001ChecksAfterIt(at: String, next: String) throws {
        let fixture = try CLIFixture()
        try fixture.write("load.yaml", "load: { max_per_core: 0.1 }\n")
        let text = try fixture.run("why-not", "--policy", fixture.root + "/load.yaml", "--at", at)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("\nnext check: \(next) (every 1m while blocked"), "\(text.stdout)")
        let json = try fixture.whyNotJSON("--policy", fixture.root + "/load.yaml", "--at", at)
        #expect(json["next_check"] as? String == next.replacingOccurrences(of: " ", with: "T") + "Z")
    }
}
