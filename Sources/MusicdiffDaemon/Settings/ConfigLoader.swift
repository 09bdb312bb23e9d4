import Foundation
import MusicdiffCore
import MusicdiffRuntime
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// Reads `config.yaml` from the home folder, refusing, as ssh does with a private key, a file
/// that holds a password while others may read it.
package enum ConfigLoader {
    /// The config in `home`, or the defaults when there is no `config.yaml`.
    package static func load(home: MusicdiffHome) throws(DaemonError) -> Config {
        try load(path: home.config)
    }

    /// The config at `path`, or the defaults when there is no such file.
    package static func load(path: String) throws(DaemonError) -> Config {
        guard let (text, mode) = try read(path) else { return Config() }
        let (parsed, errors) = ConfigParser.check(text, file: path)
        guard let config = parsed else {
            throw errors.count == 1 ? .config(errors[0]) : .configErrors(path: path, errors)
        }
        if config.holdsSecret, mode & 0o077 != 0 {
            throw .configNotPrivate(path: path, mode: mode)
        }
        return config
    }

    /// The file's text and permission bits, read through one descriptor so they belong to
    /// the same file; nil when it does not exist.
    static func read(_ path: String) throws(DaemonError) -> (text: String, mode: UInt16)? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT { return nil }
            throw .io(path: path, reason: "cannot open the config: \(Errno(rawValue: code).description)")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw .io(path: path, reason: "cannot read the config: \(Errno.current.description)")
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw .io(path: path, reason: "the config is not a regular file; make it one or remove it")
        }
        // It names the command the daemon runs: refuse one that someone else could have
        // written, as ssh refuses such a config.
        guard info.st_uid == geteuid() || info.st_uid == 0 else {
            throw .io(
                path: path,
                reason:
                    "the config belongs to uid \(info.st_uid), not to you (uid \(geteuid())), and names the command"
                    + " the daemon runs; chown it to yourself or remove it"
            )
        }
        guard info.st_mode & 0o002 == 0 else {
            throw .io(
                path: path,
                reason:
                    "anyone may change the config, which names the command the daemon runs; run chmod o-w \(path)"
            )
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: false)
        let data: Data
        do {
            data = try handle.readToEnd() ?? Data()
        } catch {
            throw .io(path: path, reason: "cannot read the config: \(error.localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .io(path: path, reason: "the config is not UTF-8 text; save it as UTF-8")
        }
        return (text, UInt16(info.st_mode & 0o7777))
    }
}
