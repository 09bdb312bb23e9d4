import Foundation
import MusicdiffDaemon
import Testing

/// The reload record `daemon.sock` answers `musicdiff daemon reload` with: written and read
/// back it is the same, a text cannot break its line, a damaged one is refused with a reason.
@Suite struct ReloadRecordTests {
    @Test(arguments: [
        ReloadRecord.Outcome.none, .reloaded("every 6h, policy laptop (shipped)"),
        .failed("/home/ana/.musicdiff/config.yaml:4:13: \"soon\" is not a duration (try \"30m\" or \"6h\")"),
    ])
    func writtenAndReadBackItIsTheSame(outcome: ReloadRecord.Outcome) throws {
        let record = ReloadRecord(pid: 4711, count: 3, outcome: outcome)
        #expect(try ReloadRecord.parse(record.line()).get() == record)
    }

    @Test func tabsAndLineBreaksInAMessageBecomeSpaces() throws {
        let record = ReloadRecord(pid: 1, count: 1, outcome: .failed("a\tb\nc"))
        #expect(try ReloadRecord.parse(record.line()).get().outcome == .failed("a b c"))
    }

    @Test func addingCountsOneMoreAndKeepsThePid() {
        let record = ReloadRecord(pid: 9).adding(.reloaded("x")).adding(.failed("y"))
        #expect(record == ReloadRecord(pid: 9, count: 2, outcome: .failed("y")))
    }

    @Test(arguments: [
        ("", "an empty reply"),
        ("musicdiff-readings\t2\t1\t0\nend\n", "a reply that is not a reload record"),
        ("musicdiff-reloads\t9\t1\t0\tnone\t\nend\n", "a reload record of version 9, not 1"),
        ("musicdiff-reloads\t1\tx\t0\tnone\t\nend\n", "a reload record whose numbers are damaged"),
        ("musicdiff-reloads\t1\t1\t-1\tnone\t\nend\n", "a reload record whose numbers are damaged"),
        ("musicdiff-reloads\t1\t1\t0\tmaybe\t\nend\n", "a reload outcome \"maybe\""),
    ])
    func aDamagedReplyIsRefusedSayingWhy(text: String, reason: String) {
        #expect(ReloadRecord.parse(Array(text.utf8)) == .failure(.unreadable(reason)))
    }
}
