import Foundation
import MusicdiffCore

/// What can go wrong outside the pure core, worded for the user in one line.
package enum DaemonError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A policy file is invalid.
    case policy(PolicyError)
    /// No policy has this name.
    case policyNotFound(name: String, available: [String], folder: String)
    /// A file or folder could not be read or written.
    case io(path: String, reason: String)
    /// The state database could not be used.
    case state(path: String, reason: String)
    /// `config.yaml` is invalid.
    case config(PolicyError)
    /// `config.yaml` has more than one error: all of them, in line order.
    case configErrors(path: String, [PolicyError])
    /// `config.yaml` holds a password but others may read or write it (`mode` is its permission bits).
    case configNotPrivate(path: String, mode: UInt16)
    /// A sync is running: its job, or the process that holds the sync lock (pid and command
    /// line, when they can be found).
    case syncAlreadyRunning(pid: Int32?, command: String? = nil)
    /// A daemon holds `daemon.pid`.
    case alreadyRunning(pid: Int32?)
    /// No daemon holds `daemon.pid`.
    case notRunning
    /// The cron expression of `--schedule` or `daemon.schedule` is invalid.
    case schedule(text: String, problem: String)
    /// `config.yaml` names no sync command.
    case noSyncCommand(config: String)
    /// `daemon.enabled` is false.
    case disabled(config: String)
    /// The detached daemon did not come up.
    case startFailed(String)
    /// A reload the daemon refused (the error, with file:line:col), or whose outcome it did
    /// not report (why).
    case reload(String)

    /// One line: what, where, and what to do.
    package var description: String {
        switch self {
        case .policy(let error):
            return error.description
        case .policyNotFound(let name, let available, let folder):
            let hint = Spelling.closest(to: name, in: available).map { " (did you mean \"\($0)\"?)" } ?? ""
            return "no policy named \"\(name)\"\(hint): not a file, not in \(folder), not shipped"
                + " (available: \(available.joined(separator: ", ")))"
        case .io(let path, let reason):
            return "\(path): \(reason)"
        case .state(let path, let reason):
            return "\(path): \(reason)"
        case .config(let error):
            return error.description
        case .configErrors(let path, let errors):
            // The one place with more than one line: each error on its own, as policy check lists them.
            return "\(errors.count) errors in \(path):\n" + errors.map(\.description).joined(separator: "\n")
        case .configNotPrivate(let path, let mode):
            let access = mode & 0o044 != 0 ? "readable" : "writable"
            let octal = String(format: "%04o", mode)
            return "\(path): holds a password but is \(access) by others (mode \(octal));"
                + " run chmod 600 \(path)"
        case .alreadyRunning(let pid):
            return "the daemon is already running" + (pid.map { " (pid \($0))" } ?? "")
                + "; stop it first with: musicdiff daemon stop"
        case .notRunning:
            return "the daemon is not running"
        case .schedule(let text, let problem):
            return "invalid schedule \"\(text)\": \(problem)"
        case .noSyncCommand(let config):
            return
                "no sync command: set sync.command in \(config), as a list like [\"/usr/bin/musicdiff-sync\"]"
        case .disabled(let config):
            return "the daemon is disabled (daemon.enabled: false in \(config))"
        case .startFailed(let reason):
            return "the daemon did not start: \(reason)"
        case .reload(let reason):
            return reason
        case .syncAlreadyRunning(let pid, let command):
            let who = pid.map { " (pid \($0)" + (command.map { ": \($0)" } ?? "") + ")" } ?? ""
            return "a sync is already running" + who
                + "; wait for it to finish, or stop it first"
        }
    }
}
