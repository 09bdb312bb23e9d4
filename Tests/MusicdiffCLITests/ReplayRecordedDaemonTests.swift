import Foundation
import MusicdiffDaemon
import Testing

/// A real daemon's run, recorded and replayed under the same policy, gives the same syncs
/// (issue 21): the ladder step that lets a blocked sync start, the `while_running` stop when
/// the network turns metered, and the restart when it is unmetered again, each start within
/// 2 s of the recorded one.
@Suite struct ReplayRecordedDaemonTests {
    @Test func replayingADaemonsRunGivesItsStarts() throws {
        let fixture = try DaemonFixture(services: [.networkManager]) { driver in
            try driver.nmJoinWiFi(ssid: "Home", name: "home", metered: 4)
        }
        try fixture.config(command: [fixture.spanningJob()])
        try fixture.cli.write("proc/loadavg", "4.00 1.00 1.00 1/100 99\n")
        try fixture.cli.write(
            "home/policies/rec.yaml",
            """
            load: { max_per_core: 0.5 }
            network: { require: unmetered }
            relax:
              - after: 10s
                load: off
            poll: 30s
            while_running:
              network: { require: unmetered }
              grace: 5s

            """
        )
        #expect(try fixture.run("daemon", "--policy", "rec").status == 0)
        try fixture.waitFor("a tick blocked by load") { fixture.ticks.first?.failed == ["load"] }
        try fixture.waitFor("the start at the step", timeout: .seconds(60)) { fixture.spans.count == 1 }
        try fixture.driver.nmSetMetered(1)
        try fixture.waitFor("the stop on metered") { fixture.runs.first?.outcome == .stopped }
        try fixture.waitFor("the decision after the stop, blocked by the network") {
            fixture.ticks.first?.failed.contains("network") == true
        }
        try fixture.driver.nmSetMetered(4)
        try fixture.waitFor("the restart on unmetered") { fixture.spans.count == 2 }
        FileManager.default.createFile(atPath: fixture.cli.root + "/go", contents: nil)
        try fixture.waitFor("the run to end") { fixture.runs.first?.outcome == .success }

        let replay = try fixture.run("replay", "--policy", "rec", "--json")
        #expect(replay.status == 0, "\(replay.stderr)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(replay.stdout.utf8)) as? [String: Any]
        )
        func starts(_ side: String) throws -> [Date] {
            let syncs = try #require((object[side] as? [String: Any])?["syncs"] as? [[String: Any]])
            return syncs.compactMap { ($0["start"] as? String).flatMap(ISO8601DateFormatter().date(from:)) }
        }
        let recorded = try starts("recorded")
        let replayed = try starts("replayed")
        #expect(recorded.count == 2, "\(replay.stdout)")
        #expect(replayed.count == recorded.count, "\(replay.stdout)")
        for (was, again) in zip(recorded, replayed) {
            #expect(abs(was.timeIntervalSince(again)) <= 2, "recorded \(was), replayed \(again)")
        }
    }
}
