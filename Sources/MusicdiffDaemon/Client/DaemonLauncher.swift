import CLinux
import Foundation
import MusicdiffCore
import MusicdiffRuntime
import SystemPackage

/// Starts the daemon detached, without forking a running Swift process: spawns this same
/// executable with `daemon --foreground`, in a new session, stdin on `/dev/null` and output
/// appended to the log, and waits for it to say on a pipe whether it came up.
package enum DaemonLauncher {
    /// The hidden option that hands the child the write end of the pipe.
    static let readyOption = "--ready-fd"
    /// The descriptor the child finds the pipe on.
    static let childDescriptor: Int32 = 3

    /// Spawns the daemon with `arguments` (after `daemon --foreground`) and returns its pid
    /// once it reports ready, or throws what it reported (or that it died silently).
    package static func start(
        arguments: [String],
        logFile: String,
        timeout: Duration = .seconds(30)
    )
        throws(DaemonError) -> Int32
    {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw .startFailed("cannot make a pipe: \(errnoText())") }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        let (readEnd, writeEnd) = (fds[0], fds[1])
        defer { close(readEnd) }
        let pid: pid_t
        do {
            defer { close(writeEnd) }
            pid = try spawn(
                ["daemon", "--foreground", readyOption, String(childDescriptor)] + arguments,
                logFile: logFile,
                readyWriteEnd: writeEnd
            )
        }
        let reply = readLine(readEnd, timeout: timeout)
        if let reply, reply.hasPrefix("ready ") { return Int32(reply.dropFirst(6)) ?? pid }
        if let reply, reply.hasPrefix("error ") { throw .startFailed(String(reply.dropFirst(6))) }
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid {
            throw .startFailed("it exited at once (status \(status)); see \(logFile)")
        }
        throw .startFailed("it did not report within \(DurationText.format(timeout)); see \(logFile)")
    }

    private static func spawn(
        _ arguments: [String],
        logFile: String,
        readyWriteEnd: Int32
    ) throws(DaemonError)
        -> pid_t
    {
        // Opened here, not in the child, so that a log that cannot be written is named as such.
        let log = open(logFile, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard log >= 0 else { throw .startFailed("cannot open the log \(logFile): \(errnoText())") }
        defer { close(log) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, log, 1)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        posix_spawn_file_actions_adddup2(&actions, readyWriteEnd, childDescriptor)
        // Nothing else of this process, such as a caller's pipe, may stay open in the daemon.
        posix_spawn_file_actions_addclosefrom_np(&actions, childDescriptor + 1)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGPIPE] { sigaddset(&defaults, signal) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(
            &attributes,
            Int16(musicdiff_spawn_setsid) | Int16(POSIX_SPAWN_SETSIGDEF) | Int16(POSIX_SPAWN_SETSIGMASK)
        )
        let executable = selfExecutable()
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard result == 0 else {
            throw .startFailed("cannot run \(executable): \(Errno(rawValue: result).description)")
        }
        return pid
    }

    /// This process's executable, as the kernel knows it.
    package static func selfExecutable() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
    }

    /// The first line read from `fd` before EOF or `timeout`; nil if none.
    private static func readLine(_ fd: Int32, timeout: Duration) -> String? {
        var data: [UInt8] = []
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while !data.contains(UInt8(ascii: "\n")) {
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else { break }
            guard SystemCall.waitReadable(fd, until: deadline) == .success(true) else { break }
            var buffer = [UInt8](repeating: 0, count: 512)
            let count = read(fd, &buffer, buffer.count)
            guard count > 0 else { break }
            data += buffer[..<count]
        }
        guard let end = data.firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        return String(decoding: data[..<end], as: UTF8.self)
    }

    private static func errnoText() -> String { Errno.current.description }
}
