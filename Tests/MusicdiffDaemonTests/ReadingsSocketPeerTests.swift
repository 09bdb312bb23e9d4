import Foundation
import MusicdiffCore
import Testing

@testable import MusicdiffDaemon

/// `why-not` takes the daemon's readings only from the process that holds `daemon.pid`'s lock:
/// the socket's listener and the pid its reply names must both be that process.
@Suite(.serialized) struct ReadingsSocketPeerTests {
    func asked(
        _ reply: DaemonReadings,
        daemon: Int32
    ) async throws -> Result<DaemonReadings, ReadingsSocket.Failure> {
        let folder = try ScratchFolder("musicdiff-sock-peer")
        let path = folder.file("daemon.sock")
        let listener = try ReadingsSocket.Listener(path: path)
        defer { listener.close() }
        // The listener is served on a thread of its own, as the ask runs on one: under a
        // loaded full run the task pool can be busy with blocking tests for longer than the
        // ask's timeout. Its peer is still this process, which is what the check looks at.
        let server = Thread {
            var ready = pollfd(fd: listener.descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&ready, 1, 60_000) == 1 else { return }
            let client = accept(listener.descriptor, nil, nil)
            let line = reply.line()
            _ = line.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            close(client)
        }
        server.start()
        return await withCheckedContinuation { continuation in
            Thread {
                continuation.resume(
                    returning: ReadingsSocket.ask(path: path, timeout: .seconds(10), daemon: daemon)
                )
            }
            .start()
        }
    }

    @Test func aReplyFromTheLockHolderIsTaken() async throws {
        let reply = DaemonReadings(
            pid: getpid(),
            at: Date(timeIntervalSince1970: 1_764_632_084.25),
            snapshot: Snapshot()
        )
        #expect(try await asked(reply, daemon: getpid()).get() == reply)
    }

    @Test func aListenerThatIsNotTheLockHolderIsNamed() async throws {
        let reply = DaemonReadings(
            pid: 4711,
            at: Date(timeIntervalSince1970: 1_764_632_084.25),
            snapshot: Snapshot()
        )
        let result = try await asked(reply, daemon: 4711)
        guard case .failure(.impostor(let who)) = result else {
            Issue.record("taken from pid \(getpid()), which does not hold the lock: \(result)")
            return
        }
        #expect(who.hasPrefix("pid \(getpid()) ("), "\(who)")
    }

    @Test func aReplyNamingAnotherPidIsNotTaken() async throws {
        let reply = DaemonReadings(
            pid: 4711,
            at: Date(timeIntervalSince1970: 1_764_632_084.25),
            snapshot: Snapshot()
        )
        #expect(try await asked(reply, daemon: getpid()) == .failure(.impostor("a reply naming pid 4711")))
    }
}
