import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The folder everything of musicdiff's lives in: `$MUSICDIFF_HOME`, by default `~/.musicdiff`.
package struct MusicdiffHome: Sendable, Equatable {
    /// The folder.
    package let path: String

    /// Uses `path` as the home folder.
    package init(path: String) { self.path = path }

    /// The home folder the environment names.
    package init(environment: [String: String]) {
        if let home = environment["MUSICDIFF_HOME"], !home.isEmpty {
            self.init(path: home)
        } else {
            let user = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            self.init(path: user + "/.musicdiff")
        }
    }

    /// `config.yaml`.
    package var config: String { path + "/config.yaml" }
    /// The user's policies folder.
    package var policies: String { path + "/policies" }
    /// `daemon.pid`, guarded by an advisory lock.
    package var pidFile: String { path + "/daemon.pid" }
    /// `daemon.log`, rotated.
    package var logFile: String { path + "/daemon.log" }
    /// `state.sqlite`.
    package var stateFile: String { path + "/state.sqlite" }
    /// The lock held while a sync job runs, so that a manual sync and the daemon's never overlap.
    package var syncLock: String { path + "/sync.lock" }
    /// Runs whose outcome the state store could not take yet (it was locked or broken),
    /// kept until it can: `unsaved-runs.json`.
    package var unsavedRuns: String { path + "/unsaved-runs.json" }
    /// The socket a running daemon answers `why-not` on with its sensors' readings.
    package var readingsSocket: String { path + "/" + Self.readingsSocketName }
    /// The readings socket's name in the folder.
    static let readingsSocketName = "daemon.sock"

    /// A warning when other users may read or enter the folder (group or world bits set), as a
    /// `mkdir` with the usual umask makes it; nil when it is the user's alone or does not exist.
    package var accessWarning: String? {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & 0o077 != 0 else { return nil }
        let octal = String(info.st_mode & 0o7777, radix: 8)
        return "\(path) is open to other users (mode 0\(octal)), and it holds your config, sync history"
            + " and the daemon's socket; run chmod 700 \(path)"
    }

    /// Creates the folder, readable by the user only, when it does not exist.
    package func create() throws(DaemonError) {
        do {
            try FileManager.default.createDirectory(
                atPath: path,
                withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700]
            )
        } catch {
            throw .io(path: path, reason: "cannot create the folder: \(error.localizedDescription)")
        }
    }
}
