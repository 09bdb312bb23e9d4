import Foundation
import MusicdiffCore
import MusicdiffTestSupport
import Testing

@testable import MusicdiffDaemon

#if canImport(Glibc)
    import Glibc
#endif

/// The daemon's readings on its socket: the line it writes reads back as the same readings,
/// whatever their texts hold, and every way the exchange can fail ends in a failure that
/// `why-not` can word, never in a wait without end.
@Suite struct ReadingsSocketTests {
    static let at = Date(timeIntervalSince1970: 1_764_632_084.25)

    static let laptop = Snapshot.testing(
        idle: .known(IdleState(idleSince: at.addingTimeInterval(-754.5), source: "logind session 3")),
        network: .known(
            NetworkState(metered: .guessYes, primary: .wifi, ssid: "Café\t\\ \"5G\"\n-", connectivity: .full)
        ),
        load: .known(LoadState(oneMinute: 0.7200000001, cpus: 8)),
        battery: .known(BatteryState(onBattery: true, percent: 23.5, state: "discharging", source: "UPower"))
    )

    @Test func readingsReadBackAsTheyWereWhateverTheirTextsHold() throws {
        let reply = DaemonReadings(pid: 4711, at: Self.at, snapshot: Self.laptop)
        let read = try DaemonReadings.parse(reply.line()).get()
        #expect(read == reply)
        #expect(read.snapshot(lastSync: .known(.never), dueSince: nil) == Self.laptop)
    }

    @Test func unknownReadingsAbsentValuesAndOtherConnectionsReadBack() throws {
        var snapshot = Snapshot.testing(
            idle: .known(IdleState(idleSince: nil, source: "/proc/interrupts")),
            network: .known(
                NetworkState(metered: .no, primary: .other("vpn tunnel"), connectivity: .unknown)
            ),
            load: .unknown(reason: "cannot read /proc/loadavg:\tgone"),
            battery: .known(BatteryState(onBattery: false, percent: nil, source: "/sys/class/power_supply"))
        )
        let reply = DaemonReadings(pid: 1, at: Self.at, snapshot: snapshot)
        let read = try DaemonReadings.parse(reply.line()).get()
        // A kind's spaces are written as `_`, as the state store keeps them.
        snapshot.network = .known(
            NetworkState(metered: .no, primary: .other("vpn_tunnel"), connectivity: .unknown)
        )
        #expect(read.snapshot(lastSync: .known(.never), dueSince: nil) == snapshot)
        #expect(read.pid == 1)
    }

    @Test func aDaemonWithoutSensorsSendsNoReadings() throws {
        let read = try DaemonReadings.parse(DaemonReadings(pid: 9, at: Self.at, snapshot: nil).line()).get()
        #expect(read.machine == nil)
        #expect(read.snapshot(lastSync: .known(.never), dueSince: nil) == nil)
    }

    @Test(arguments: [
        ("", "sent an empty reply"),
        ("hello\n", "sent a reply that is not a readings line"),
        ("musicdiff-readings\t1\t1\t0\nend\n", "sent a reply of version 1, not 2"),
        ("musicdiff-readings\t2\tx\t0\nend\n", "sent a reply whose first line is damaged"),
        ("musicdiff-readings\t2\t1\t0\nidle\tknown\t-\tx\n", "sent a reply that ends early"),
        ("musicdiff-readings\t2\t1\t0\nidle\tknown\t-\tx\nend\n", "sent a reading it cannot read"),
        (
            "musicdiff-readings\t2\t1\t0\nidle\tknown\t5\tx\nnetwork\tunknown\tr\nload\tunknown\tr\n"
                + "battery\tunknown\tr\nend\n", "sent a reading it cannot read"
        ),
    ])
    func aDamagedReplyIsRefusedWithWhatIsWrong(reply: String, words: String) {
        switch DaemonReadings.parse(Array(reply.utf8)) {
        case .success(let read): Issue.record("read \(read)")
        case .failure(let failure): #expect(failure.description == words)
        }
    }

    @Test func aListeningSocketAnswersEachClientAndGoesWhenClosed() async throws {
        let folder = try ScratchFolder("musicdiff-sock")
        let path = folder.file("daemon.sock")
        // A socket a killed daemon left behind is replaced.
        try "stale".write(toFile: path, atomically: false, encoding: .utf8)
        let listener = try ReadingsSocket.Listener(path: path)
        let reply = DaemonReadings(pid: 4711, at: Self.at, snapshot: Self.laptop)
        // The daemon's kind of executor serves, and a thread asks: the global pool may be busy
        // with the synchronous tests of a full run.
        let serving = onLoopExecutor { await listener.serve { reply.line() } }
        for _ in 0..<3 {
            let asked = await onThread { ReadingsSocket.ask(path: path, timeout: .seconds(10)) }
            #expect(try asked.get() == reply)
        }
        serving.cancel()
        await serving.value
        listener.close()
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(ReadingsSocket.ask(path: path, timeout: .seconds(1)) == .failure(.notListening))
    }

    @Test func aWholeReplyIsReadEvenIfTheConnectionStaysOpen() async throws {
        let folder = try ScratchFolder("musicdiff-sock")
        let path = folder.file("daemon.sock")
        let listener = try ReadingsSocket.Listener(path: path)
        defer { listener.close() }
        let reply = DaemonReadings(pid: 7, at: Self.at, snapshot: Self.laptop)
        // Answers, then keeps the connection open until the ask has returned.
        let done = OneShotFlag()
        serveOnce(listener, reply, closingWhen: done)
        let started = ContinuousClock.now
        let asked = ReadingsSocket.ask(path: path, timeout: .seconds(5))
        done.set()
        #expect(try asked.get() == reply)
        #expect(ContinuousClock.now - started < .seconds(5), "the ask waited for the connection to close")
    }

    @Test func aSocketNobodyAcceptsOnEndsInNoAnswerAtTheDeadline() throws {
        let folder = try ScratchFolder("musicdiff-sock")
        let path = folder.file("daemon.sock")
        let listener = try ReadingsSocket.Listener(path: path)  // listening, never served
        defer { listener.close() }
        let started = ContinuousClock.now
        let asked = ReadingsSocket.ask(path: path, timeout: .milliseconds(300))
        #expect(asked == .failure(.noAnswer(within: .milliseconds(300))))
        #expect(ContinuousClock.now - started >= .milliseconds(300))
        if case .failure(let failure) = asked {
            #expect(failure.description == "did not answer within 300ms")
        }
    }

    @Test func aSocketFileNobodyListensOnIsNotADaemon() throws {
        let folder = try ScratchFolder("musicdiff-sock")
        let path = folder.file("daemon.sock")
        let listener = try ReadingsSocket.Listener(path: path)
        // Closed without removing its file: what a daemon killed with SIGKILL leaves.
        close(listener.descriptor)
        #expect(ReadingsSocket.ask(path: path, timeout: .seconds(1)) == .failure(.notListening))
        unlink(path)
    }

    @Test func aPathTooLongForASocketIsRefusedByName() throws {
        let path = "/tmp/" + String(repeating: "d", count: ReadingsSocket.maximumPathBytes) + "/daemon.sock"
        #expect(throws: DaemonError.self) { try ReadingsSocket.Listener(path: path) }
        do {
            _ = try ReadingsSocket.Listener(path: path)
        } catch {
            #expect(error.description.contains(path))
            #expect(error.description.contains("longer than a socket's 107 bytes"))
        }
        #expect(ReadingsSocket.ask(path: path, timeout: .seconds(1)) == .failure(.notListening))
    }
}

/// A flag one thread sets and another polls.
/// Answers one connection to `listener` with `reply` from a thread of its own (not the task
/// pool, which blocking tests can keep busy), closing it once `done` is set (at once without
/// one); waits up to a minute for the connection.
/// Runs `body` on a thread of its own and returns its result: a blocking call kept off
/// Swift's global pool.
func onThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: body()) }.start()
    }
}

func serveOnce(
    _ listener: ReadingsSocket.Listener,
    _ reply: DaemonReadings,
    closingWhen done: OneShotFlag? = nil
) {
    Thread {
        var ready = pollfd(fd: listener.descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&ready, 1, 60_000) == 1 else { return }
        let client = accept(listener.descriptor, nil, nil)
        let line = reply.line()
        _ = line.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        while done?.isSet == false { usleep(1_000) }
        close(client)
    }
    .start()
}

final class OneShotFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
