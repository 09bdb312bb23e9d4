import Foundation
import MusicdiffCore

#if canImport(Glibc)
    import Glibc
#endif

extension DaemonLoop {
    /// Answers `why-not` on ``MusicdiffHome/readingsSocket`` with the readings the sensors
    /// hold, until cancelled. Without the socket, `why-not` reads the sensors itself.
    func serveReadings() async {
        let listener: ReadingsSocket.Listener
        do {
            listener = try ReadingsSocket.Listener(path: parts.home.readingsSocket)
        } catch {
            logger.warning("why-not will read the sensors itself: \(error)")
            return
        }
        defer { listener.close() }
        await listener.serve { self.readings().line() }
    }

    /// The readings the sensors hold now; none in interval or cron mode.
    func readings() -> DaemonReadings {
        let now = parts.clock.now()
        // The state store's readings are the asker's to read; only the machine's are sent.
        let snapshot = sensors.withLock { $0 }?.snapshot(now: now, lastSync: .known(.never), dueSince: nil)
        return DaemonReadings(pid: getpid(), at: now, snapshot: snapshot)
    }
}
