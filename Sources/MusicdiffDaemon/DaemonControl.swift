import Foundation
import MusicdiffCore

/// `musicdiff daemon stop`: finds the daemon by its locked pid file and stops it.
public enum DaemonControl {
    /// How a stop went.
    public struct Stopped: Sendable, Equatable {
        /// The daemon's pid.
        public var pid: Int32
        /// Whether it had to be killed after the grace period.
        public var killed: Bool
    }

    /// Sends SIGTERM and waits up to `grace` for the daemon to let go of `daemon.pid`; then
    /// SIGKILL, as the original did. The pid file a killed daemon leaves behind is left
    /// alone: its lock died with it, and removing it could remove the file of a daemon
    /// started in the meantime.
    public static func stop(home: MusicdiffHome, grace: Duration) throws(DaemonError) -> Stopped {
        guard PidLock.isHeld(at: home.pidFile), let pid = PidLock.holder(at: home.pidFile) else {
            throw .notRunning
        }
        guard kill(pid, SIGTERM) == 0 else {
            throw .io(
                path: home.pidFile,
                reason: "cannot signal pid \(pid): \(String(cString: strerror(errno)))"
            )
        }
        if waitForRelease(home.pidFile, within: grace) { return Stopped(pid: pid, killed: false) }
        kill(pid, SIGKILL)
        _ = waitForRelease(home.pidFile, within: .seconds(5))
        return Stopped(pid: pid, killed: true)
    }

    /// Waits until no process holds the lock at `path`; false if one still does after `limit`.
    static func waitForRelease(_ path: String, within limit: Duration) -> Bool {
        let deadline = ContinuousClock.now.advanced(by: limit)
        while PidLock.isHeld(at: path) {
            guard ContinuousClock.now < deadline else { return false }
            usleep(20_000)
        }
        return true
    }
}
