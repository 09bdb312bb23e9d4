import Foundation
import MusicdiffDaemon
import MusicdiffTestSupport
import Testing

/// The daemon's promise that waiting costs nothing, held by the real binary: with nothing
/// due it makes no context switch at all over a 10-second window, on any thread, in interval
/// and in smart mode (D-Bus clients up); a due sync blocked by the policy costs at most two
/// switches per poll tick, and a sensor event that does not change the decision writes no
/// tick. A `DispatchQueue.global()` (dispatch's pool monitor: one wake-up a second) or a
/// GLib timeout added anywhere makes these fail.
@Suite(.serialized) struct IdleWakeupTests {
    /// The window over which an idle daemon is watched.
    static let window: Duration = .seconds(10)

    @Test func anIdleIntervalDaemonNeverWakes() async throws {
        let fixture = try DaemonFixture()
        try fixture.config(command: [fixture.countingScript()])
        #expect(try fixture.run("daemon", "--interval", "1d").status == 0)
        try fixture.waitFor("the first sync to end") { fixture.log.contains("Next sync in 1d") }
        let pid = try #require(fixture.daemonPid)
        let counts = try await ThreadSwitches.watch(pid: pid, over: Self.window)
        #expect(counts.total <= 1, "\(counts)")
        #expect(counts.threadsChanged == false, "threads started or ended while idle: \(counts)")
        // libcurl (and the TLS libraries it brings) is loaded only to send an e-mail.
        let maps = try String(contentsOfFile: "/proc/\(pid)/maps", encoding: .utf8)
        #expect(!maps.contains("libcurl"))
    }

    @Test func anIdleSmartDaemonWithItsBusClientsNeverWakes() async throws {
        let fixture = try DaemonFixture(services: [.networkManager, .upower, .logind]) { driver in
            try driver.nmAddPrimaryProperties(metered: 4)
            try driver.upowerSetDisplayDevice(percent: 80, state: 1)
        }
        try fixture.config(command: [fixture.countingScript()])
        #expect(try fixture.run("daemon", "--interval", "1d", "--smart", "--policy", "server").status == 0)
        try fixture.waitFor("the first sync to end", timeout: .seconds(60)) {
            fixture.log.contains("Next sync in 1d")
        }
        let pid = try #require(fixture.daemonPid)
        let counts = try await ThreadSwitches.watch(pid: pid, over: Self.window)
        #expect(counts.total <= 1, "\(counts)")
        #expect(counts.threadsChanged == false, "threads started or ended while idle: \(counts)")
    }

    @Test func aBlockedTickCostsAtMostTwoSwitchesAndAnEventThatChangesNothingWritesNothing() async throws {
        let fixture = try DaemonFixture(services: [.upower, .networkManager]) { driver in
            try driver.upowerSetDisplayDevice(percent: 23, state: 2)
            try driver.upowerSetOnBattery(true)
            try driver.nmAddPrimaryProperties(metered: 4)
        }
        try fixture.cli.power(ac: false, percent: 23)
        try fixture.config(command: [fixture.countingScript()])
        try fixture.cli.write("home/policies/plugged.yaml", "battery: { on_battery: deny }\npoll: 2s\n")
        #expect(try fixture.run("daemon", "--policy", "plugged").status == 0)
        try fixture.waitFor("two blocked ticks", timeout: .seconds(60)) { fixture.tickCount >= 2 }
        let pid = try #require(fixture.daemonPid)
        let before = fixture.tickCount
        let counts = try await ThreadSwitches.watch(
            pid: pid,
            over: Self.window,
            settling: false,
            countsPreemption: false
        )
        let ticks = fixture.tickCount - before
        #expect(ticks >= 3, "the poll ticks went on: \(ticks)")
        #expect(counts.total <= 2 * ticks + 1, "\(counts.total) switches for \(ticks) ticks: \(counts)")

        // The network turning metered does not change a decision already blocked by the
        // battery rule alone (this policy has no network rule): the loop wakes, decides the
        // same, and records nothing.
        let quiet = fixture.tickCount
        try fixture.driver.nmSetMetered(1)
        try fixture.waitFor("the next poll tick", timeout: .seconds(60)) { fixture.tickCount > quiet }
        #expect(fixture.tickCount == quiet + 1, "only the poll tick is recorded")
        #expect(fixture.scriptRuns == 0)
    }
}

extension DaemonFixture {
    /// The number of ticks recorded.
    var tickCount: Int {
        guard let store = (try? StateStore.openForReading(path: home.stateFile)) ?? nil else { return 0 }
        return (try? store.recentTicks(limit: 100_000).count) ?? 0
    }
}

/// Context switches of every thread of a process, from `/proc/PID/task/*/status`.
struct ThreadSwitches: CustomStringConvertible {
    /// Per thread id: its name and its voluntary plus involuntary switches.
    var threads: [Int: (name: String, switches: Int)]

    /// The counts now. With `countsPreemption` false, only the voluntary switches: a thread
    /// that never runs is never preempted, but one that works (a blocked tick) is preempted
    /// more the busier the machine is (the other tests); its own wake-ups are the voluntary
    /// switches, one per sleep it wakes from.
    static func read(pid: Int32, countsPreemption: Bool = true) throws -> ThreadSwitches {
        let tasks = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")
        var threads: [Int: (name: String, switches: Int)] = [:]
        for task in tasks {
            guard let id = Int(task),
                let status = try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/status", encoding: .utf8)
            else { continue }
            var fields: [String: String] = [:]
            for line in status.split(separator: "\n") {
                let parts = line.split(separator: ":", maxSplits: 1)
                if parts.count == 2 {
                    fields[String(parts[0])] = parts[1].trimmingCharacters(in: .whitespaces)
                }
            }
            let voluntary = Int(fields["voluntary_ctxt_switches"] ?? "") ?? 0
            let preempted = Int(fields["nonvoluntary_ctxt_switches"] ?? "") ?? 0
            threads[id] = (fields["Name"] ?? "?", voluntary + (countsPreemption ? preempted : 0))
        }
        return ThreadSwitches(threads: threads)
    }

    /// What changed over `window`, once the process has settled: no switch and no thread
    /// started or ended for 6 s (within `settleWithin`, 120 s unless told), so that the end of start-up is not counted
    /// (a dispatch worker used by the first sync's pipes exits 5 s after its last work),
    /// counting the threads' own wake-ups.
    /// On a thread of its own, so that the window holds none of the test runner's few
    /// cooperative threads, and its timing does not stretch when other tests hold them all
    /// (amid a full run a settle's half-second look came back two minutes late).
    static func watch(
        pid: Int32,
        over window: Duration,
        settling: Bool = true,
        settleWithin: Duration = .seconds(120),
        countsPreemption: Bool = true
    ) async throws -> Change {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(
                    with: Result {
                        if settling { try settle(pid: pid, within: settleWithin) }
                        let start = try read(pid: pid, countsPreemption: countsPreemption)
                        // The observation window itself: the event awaited is that nothing happens.
                        Thread.sleep(forTimeInterval: Double(window.components.seconds))
                        return Change(
                            before: start,
                            after: try read(pid: pid, countsPreemption: countsPreemption)
                        )
                    }
                )
            }.start()
        }
    }

    private static func settle(pid: Int32, within: Duration) throws {
        // Its own wake-ups only (a thread that never runs is never preempted), within `within`:
        // on a machine as busy as a full test run, start-up's last work is preempted often.
        var last = try read(pid: pid, countsPreemption: false)
        var quietSince = ContinuousClock.now
        let deadline = ContinuousClock.now + within
        var woken: [Int: [String]] = [:]  // per thread, where it was each time it had woken
        while ContinuousClock.now - quietSince < .seconds(6), ContinuousClock.now < deadline {
            Thread.sleep(forTimeInterval: 0.5)
            let now = try read(pid: pid, countsPreemption: false)
            let change = Change(before: last, after: now)
            if change.total != 0 || change.threadsChanged { quietSince = .now }
            for (id, thread) in now.threads where thread.switches != last.threads[id]?.switches {
                woken[id, default: []].append(waitingIn(pid: pid, thread: id))
            }
            last = now
        }
        guard ContinuousClock.now - quietSince >= .seconds(6) else {
            let wakes = woken.keys.sorted().map { id in
                "\(id) \(last.threads[id]?.name ?? "?") woke \(woken[id]!.count) times, last in \(woken[id]!.suffix(3))"
            }
            throw CLIFixture.Failure(
                message:
                    "the daemon never went quiet: \(try read(pid: pid)); \(wakes.joined(separator: "; "))"
            )
        }
    }

    /// Where a thread waits now: its kernel wait channel and its system call (number and
    /// arguments: a `poll`'s descriptors, a `futex`'s address), to name what wakes it.
    private static func waitingIn(pid: Int32, thread: Int) -> String {
        let read = { (file: String) in
            ((try? String(contentsOfFile: "/proc/\(pid)/task/\(thread)/\(file)", encoding: .utf8)) ?? "?")
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return
            "\(read("wchan")) (syscall \(read("syscall").split(separator: " ").prefix(3).joined(separator: " ")))"
    }

    /// The difference between two readings.
    struct Change: CustomStringConvertible {
        var before: ThreadSwitches
        var after: ThreadSwitches

        /// Switches over the window, of the threads that lived through it.
        var total: Int {
            after.threads.reduce(0) { sum, thread in
                sum + thread.value.switches - (before.threads[thread.key]?.switches ?? 0)
            }
        }

        /// Whether a thread started or ended in the window (its switches cannot be counted).
        var threadsChanged: Bool { Set(before.threads.keys) != Set(after.threads.keys) }

        var description: String {
            after.threads.keys.sorted().map { id in
                let name = after.threads[id]!.name
                return "\(id) \(name): +\(after.threads[id]!.switches - (before.threads[id]?.switches ?? 0))"
            }.joined(separator: ", ") + (threadsChanged ? " (threads changed)" : "")
        }
    }

    var description: String {
        threads.keys.sorted().map { "\($0) \(threads[$0]!.name): \(threads[$0]!.switches)" }.joined(
            separator: ", "
        )
    }
}
