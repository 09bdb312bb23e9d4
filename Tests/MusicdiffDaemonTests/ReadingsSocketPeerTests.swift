import Foundation
import MusicdiffCore
import MusicdiffTestSupport
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
        // Served on a thread, as the ask runs on one: its peer is still this process, which
        // is what the check looks at.
        serveOnce(listener, reply)
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
            snapshot: Snapshot.testing()
        )
        #expect(try await asked(reply, daemon: getpid()).get() == reply)
    }

    @Test func aListenerThatIsNotTheLockHolderIsNamed() async throws {
        let reply = DaemonReadings(
            pid: 4711,
            at: Date(timeIntervalSince1970: 1_764_632_084.25),
            snapshot: Snapshot.testing()
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
            snapshot: Snapshot.testing()
        )
        #expect(try await asked(reply, daemon: getpid()) == .failure(.impostor("a reply naming pid 4711")))
    }
}
