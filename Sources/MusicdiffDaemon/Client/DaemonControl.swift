import Foundation
import MusicdiffCore
import MusicdiffRuntime
import SystemPackage

/// `musicdiff daemon stop`: finds the daemon by the lock it holds on `daemon.pid`, not by
/// the file's text, and stops it.
package enum DaemonControl {
    /// How a stop went.
    package struct Stopped: Sendable, Equatable {
        /// The daemon's pid.
        package var pid: Int32
        /// Whether it had to be killed after the grace period.
        package var killed: Bool
    }

    /// Sends SIGTERM and waits up to `grace` for the daemon to end; then SIGKILL, as the
    /// original did. Only the process that holds the lock is signalled: it is held by a pid
    /// descriptor, and the lock is checked again once it is, so that a process that took the
    /// daemon's pid in the meantime is never signalled. The pid file a killed daemon leaves
    /// behind is left alone: its lock died with it, and removing it could remove the file of
    /// a daemon started in the meantime.
    package static func stop(home: MusicdiffHome, grace: Duration) throws(DaemonError) -> Stopped {
        let (pid, daemon) = try running(home)
        try send(SIGTERM, to: daemon, home)
        if daemon.waitForExit(within: grace) {
            _ = waitForRelease(home.pidFile, within: .seconds(1))
            return Stopped(pid: pid, killed: false)
        }
        _ = daemon.send(SIGKILL)
        _ = daemon.waitForExit(within: .seconds(5))
        _ = waitForRelease(home.pidFile, within: .seconds(1))
        return Stopped(pid: pid, killed: true)
    }

    /// The running daemon, held by a pid descriptor: the lock is checked again once it is, so
    /// that a process that took the daemon's pid in the meantime is never signalled.
    static func running(_ home: MusicdiffHome) throws(DaemonError) -> (Int32, PidDescriptor) {
        guard let pid = PidLock.daemonHolder(at: home.pidFile), let daemon = PidDescriptor(pid: pid),
            PidLock.daemonHolder(at: home.pidFile) == pid
        else { throw .notRunning }
        return (pid, daemon)
    }

    /// Sends `signal` to `daemon`; a daemon gone meanwhile is not running.
    static func send(_ signal: Int32, to daemon: PidDescriptor, _ home: MusicdiffHome) throws(DaemonError) {
        let failure = daemon.send(signal)
        guard failure == 0 else {
            if failure == ESRCH { throw .notRunning }
            throw .io(
                path: home.pidFile,
                reason: "cannot signal pid \(daemon.pid): \(Errno(rawValue: failure).description)"
            )
        }
    }

    /// Waits until no process holds the lock at `path`; false if one still does after `limit`.
    /// Blocking: for `daemon stop`, a synchronous command, never the daemon's thread.
    static func waitForRelease(_ path: String, within limit: Duration) -> Bool {
        SystemCall.poll(every: .milliseconds(20), until: ContinuousClock.now.advanced(by: limit)) {
            !PidLock.isHeld(at: path)
        }
    }
}
