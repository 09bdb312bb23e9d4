import Foundation
import MusicdiffCore
import MusicdiffDaemon
import Testing

/// `musicdiff sync` runs through the daemon's own machine (issue 21): its `while_running`
/// rules watch the job, logind's sleep delay lock is held while it runs, and its start and
/// end are recorded with their readings as the daemon's are.
@Suite struct ManualSyncMachineTests {
    @Test func aManualSyncIsWatchedHoldsSleepBackAndIsRecordedLikeTheDaemons() throws {
        let fixture = try DaemonFixture(services: [.networkManager, .logind]) { driver in
            try driver.nmJoinWiFi(ssid: "Home", name: "home", metered: 4)
        }
        try fixture.config(command: [fixture.spanningJob()])
        try fixture.cli.write(
            "home/policies/wifi.yaml",
            "network: { require: unmetered }\nwhile_running:\n  network: { require: unmetered }\n"
                + "  on_sleep: stop\n  grace: 5s\n"
        )
        func held() throws -> Bool { try fixture.driver.logindInhibitors().contains(.musicdiffSleepDelay) }
        let (process, output, _) = try fixture.launch(["sync", "--policy", "wifi"])
        try fixture.waitFor("the job") { fixture.spans.count == 1 }
        try fixture.waitFor("the delay lock while the job runs") { try held() }
        #expect(try fixture.run("daemon", "status").stdout.contains("it stops if"))

        try fixture.driver.nmSetMetered(1)
        try fixture.waitFor("sync to end") { !process.isRunning }
        let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 1, "a stopped sync did not sync")
        #expect(said.contains("the network turned metered (yes)"), "\(said)")
        let run = try #require(fixture.runs.first)
        #expect(run.outcome == .stopped)
        #expect(run.trigger == .manual)
        #expect(fixture.spans.first?.end != nil, "the job got SIGTERM")
        #expect(try !held(), "the lock goes with the job")

        let store = try #require(try StateStore.openForReading(path: fixture.home.stateFile))
        let moments = try store.moments(from: .distantPast)
        #expect(moments.map(\.kind) == [.syncStart, .syncEnd], "no tick, no daemon start: \(moments)")
        #expect(moments.last?.runEnd == .stopped)
        if case .known(let network) = moments.first?.readings.network {
            #expect(network.metered == .guessNo, "the start's readings are recorded")
        } else {
            Issue.record(
                "the start records the network: \(String(describing: moments.first?.readings.network))"
            )
        }
    }
}
