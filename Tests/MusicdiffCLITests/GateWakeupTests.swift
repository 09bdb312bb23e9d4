import Foundation
import MusicdiffDaemon
import MusicdiffTestSupport
import Testing

/// A `gate --wait` that waits costs nothing while nothing changes, measured as for the idle
/// daemon (``IdleWakeupTests``): no context switch on any thread over a 10-second window, with
/// its D-Bus clients up and the policy blocked by a metered network on dbusmock.
@Suite struct GateWakeupTests {
    @Test func aWaitingGateNeverWakes() async throws {
        let fixture = try DaemonFixture(services: [.networkManager, .upower, .logind]) {
            try $0.nmJoinWiFi(ssid: "Cafe", name: "cafe", metered: 1)
        }
        try fixture.cli.write("home/policies/home.yaml", "network: { require: unmetered }\npoll: 1h\n")
        let gate = try fixture.launchGate(["--policy", "home", "--wait", "--timeout", "10m"])
        defer { if gate.isRunning { gate.terminate() } }
        try fixture.waitFor("the gate to wait") {
            ((try? fixture.cli.read("gate.err")) ?? "").contains("waiting: blocked by network")
        }
        // Amid a full test run the gate has twice not gone quiet within 120 s (it did, alone and
        // with CPU hogs beside it, in 20 s), and once went quiet only near the run's end: it is
        // given until then (the gate's --timeout is longer still); the window's assertion is the
        // same. When it does not go quiet, the failure names each thread that woke and where it
        // waited (wchan, syscall), to find what wakes it.
        let counts: ThreadSwitches.Change
        do {
            counts = try await ThreadSwitches.watch(
                pid: gate.processIdentifier,
                over: IdleWakeupTests.window,
                settleWithin: .seconds(400)
            )
        } catch {
            // What reaches the gate over its bus, to find what wakes it.
            let address = fixture.busEnvironment["DBUS_SYSTEM_BUS_ADDRESS"] ?? ""
            Issue.record("\(error)\nthe bus over 8 s:\n\(await Self.monitor(address).suffix(4000))")
            return
        }
        #expect(counts.total <= 1, "\(counts)")
        #expect(counts.threadsChanged == false, "threads started or ended while waiting: \(counts)")
        #expect(gate.isRunning)
    }

    /// What `dbus-monitor` sees on the bus at `address` over 8 seconds (the window is the
    /// observation; the monitor is killed at its end: the test runner's children inherit its
    /// blocked signals, so neither `timeout` nor a SIGTERM would end it).
    static func monitor(_ address: String) async -> String {
        let output = NSTemporaryDirectory() + "musicdiff-monitor-\(UUID().uuidString)"
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: output) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/dbus-monitor")
        process.arguments = ["--address", address]
        process.standardOutput = FileHandle(forWritingAtPath: output)
        guard (try? process.run()) != nil else { return "dbus-monitor did not run" }
        try? await Task.sleep(for: .seconds(8))
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
    }
}
