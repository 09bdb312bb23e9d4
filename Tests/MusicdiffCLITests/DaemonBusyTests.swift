import Foundation
import MusicdiffDaemon
import MusicdiffTestSupport
import Testing

/// `busy` through the real binary: a fake `/dev` (`$MUSICDIFF_DEV`) whose `video0` a child of
/// the test holds open, as a video call does (the daemon reads the real `/proc/*/fd` links),
/// and a fake `/proc/asound` (`$MUSICDIFF_PROC`) for the microphone.
@Suite struct DaemonBusyTests {
    @Test func aCallStopsTheRunWithinTwoSecondsAndItStartsAgainWhenTheCameraCloses() throws {
        let fixture = try DaemonFixture()
        try fixture.cli.write("dev/video0", "")
        try fixture.cli.write("proc/asound/card0/pcm0c/sub0/status", "closed\n")
        try fixture.config(command: [fixture.spanningJob()])
        try fixture.cli.write(
            "home/policies/calls.yaml",
            "busy: [camera, microphone]\npoll: 1s\nwhile_running:\n  busy: [camera, microphone]\n  grace: 5s\n"
        )
        #expect(try fixture.run("daemon", "--policy", "calls").status == 0)
        try fixture.waitFor("the job") { fixture.spans.count == 1 }
        let whyNot = try fixture.run("why-not")
        #expect(whyNot.stdout.contains("it stops if a camera or microphone is in use"), "\(whyNot.stdout)")

        let opened = Int(Date().timeIntervalSince1970 * 1e9)
        let call = try HeldFile(fixture.cli.root + "/dev/video0")
        defer { call.close() }
        try fixture.waitFor("the stop") { fixture.runs.first?.outcome == .stopped }
        let reason = "the user is busy: camera in use (pid \(call.pid) sleep)"
        #expect(fixture.runs.first?.message == reason)
        #expect(fixture.log.contains(" - INFO - Sync stopped: \(reason)"), "\(fixture.log)")
        try fixture.waitFor("the job's end") { fixture.spans.first?.end != nil }
        let latency = Double((fixture.spans.first?.end ?? 0) - opened) / 1e9
        #expect(latency < 2, "the job was stopped \(latency) s after the camera opened")

        call.close()
        try fixture.waitFor("the restart once the camera is closed") { fixture.spans.count == 2 }
    }

    @Test func aRunningMicrophoneHoldsADueSyncBackUntilItStops() throws {
        let fixture = try DaemonFixture()
        try fixture.cli.write("dev/tty1", "")
        try fixture.cli.write(
            "proc/asound/card0/pcm0c/sub0/status",
            "state: RUNNING\nowner_pid   : \(getpid())\n"
        )
        try fixture.config(command: [fixture.countingScript()])
        try fixture.cli.write("home/policies/calls.yaml", "busy: [camera, microphone]\npoll: 1s\n")
        #expect(try fixture.run("daemon", "--policy", "calls").status == 0)
        try fixture.waitFor("a tick blocked by busy") { fixture.ticks.first?.failed == ["busy"] }
        let said =
            "Sync due, but the policy says not now: busy: the user is busy: microphone in use (pid \(getpid())"
        // The line reaches the log after the tick reaches the store.
        try fixture.waitFor("the blocked line in the log") { fixture.log.contains(said) }
        let whyNot = try fixture.run("why-not")
        #expect(whyNot.stdout.contains("microphone in use (pid \(getpid())"), "\(whyNot.stdout)")
        #expect(whyNot.stdout.contains("readings: the running daemon's"), "\(whyNot.stdout)")

        try fixture.cli.write("proc/asound/card0/pcm0c/sub0/status", "closed\n")
        try fixture.waitFor("the sync to start on the next poll tick") { fixture.scriptRuns == 1 }
    }
}
