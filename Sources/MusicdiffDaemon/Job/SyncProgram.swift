import Foundation
import MusicdiffCore
import MusicdiffRuntime
import SystemPackage

/// Whether the program of `sync.command` can be run, checked when the daemon starts and on
/// every reload, so that a mistyped path is refused with its place in `config.yaml` instead
/// of failing every due sync later.
enum SyncProgram {
    /// Why `program` cannot be run, or nil: a name with a slash must be an executable file
    /// (relative to the daemon's working folder); a bare name must be one on `searchPath`
    /// (`$PATH`), as the job is started.
    static func problem(_ program: String, searchPath: String?) -> String? {
        if program.contains("/") { return fileProblem(program) }
        let folders = (searchPath ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
        for folder in folders where !folder.isEmpty {
            if fileProblem(folder + "/" + program) == nil { return nil }
        }
        return
            "sync.command: no program \"\(program)\" on PATH (\(searchPath ?? "unset")); give its full path"
    }

    /// Why the file at `path` cannot be run, or nil.
    static func fileProblem(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            return "sync.command: \(path) "
                + (errno == ENOENT ? "does not exist" : "cannot be read: \(Errno.current.description)")
        }
        guard info.st_mode & S_IFMT == S_IFREG else { return "sync.command: \(path) is not a file" }
        guard access(path, X_OK) == 0 else { return "sync.command: \(path) is not executable (chmod +x it)" }
        return nil
    }
}
