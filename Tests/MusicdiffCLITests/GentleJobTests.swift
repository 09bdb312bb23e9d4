import Foundation
import MusicdiffDaemon
import MusicdiffTestSupport
import Testing

/// `sync.nice` and `sync.io_class` through the real binary: the job sees them itself, the
/// log's start line and `why-not`'s running line (in smart mode, where it has one) say them.
@Suite struct GentleJobTests {
    @Test(
        arguments: [
            ("", "10", "idle", "nice 10, I/O idle"),
            (
                "  nice: 15\n  io_class: best-effort\n", "15", "best-effort: prio 7",
                "nice 15, I/O best-effort 7"
            ),
        ] as [(String, String, String, String)]
    )
    func theJobRunsAsGentlyAsTheConfigSays(sync: String, nice: String, ionice: String, words: String) throws {
        let fixture = try DaemonFixture()
        try fixture.config(command: [fixture.seeingJob()], sync: sync)
        try fixture.cli.write("home/policies/any.yaml", "poll: 1h\n")
        #expect(try fixture.run("daemon", "--policy", "any").status == 0)
        try fixture.waitFor("the job's start line") {
            fixture.log.contains("The sync job runs as pid ") && fixture.seeingPid != nil
        }
        let pid = try #require(fixture.seeingPid)
        #expect(
            fixture.log.contains(" - INFO - The sync job runs as pid \(pid) at \(words)\n"),
            "\(fixture.log)"
        )

        let whyNot = try fixture.run("why-not")
        #expect(
            whyNot.stdout.hasPrefix("a sync is running since ")
                && whyNot.stdout.contains(" at \(words) (pid \(pid)); "),
            "\(whyNot.stdout)"
        )
        let reply = try fixture.run("why-not", "--json")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(reply.stdout.utf8)) as? [String: Any]
        )
        #expect((json["run"] as? [String: Any])?["priority"] as? String == words)

        try fixture.letTheJobLook()
        #expect(fixture.seen["nice"] == nice)
        #expect(fixture.seen["ionice"] == ionice)
    }

    @Test func ioClassNoneLeavesTheDaemonsIOPriority() throws {
        let fixture = try DaemonFixture()
        try fixture.config(command: [fixture.seeingJob(wait: false)], sync: "  nice: 0\n  io_class: none\n")
        #expect(try fixture.run("daemon").status == 0)
        try fixture.waitFor("what the job saw") { !fixture.seen.isEmpty }
        let pid = try #require(fixture.seeingPid)
        #expect(fixture.log.contains("The sync job runs as pid \(pid) at nice 0, I/O unchanged\n"))
        #expect(fixture.seen["nice"] == "0")
        #expect(fixture.seen["ionice"]?.hasPrefix("none") == true, "\(fixture.seen)")
    }
}
