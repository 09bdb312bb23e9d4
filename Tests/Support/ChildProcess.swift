import Foundation
import Synchronization

/// A process a ``MockBus`` started, with `posix_spawn` and reaped with `waitpid`: ending one
/// takes no polling. The child starts with every signal unblocked and at its default (a test
/// thread may block `SIGTERM`), and with no descriptor but its three standard ones. Its pid is
/// listed in the bus's folder for the reaper that ends it should the test process die first.
final class ChildProcess: Sendable {
    /// The process id.
    let pid: pid_t
    /// Whether `waitpid` has collected it.
    private let reaped = Mutex(false)

    /// Starts `executable` with `arguments` in `environment` (else this process's), standard
    /// input from `input`, output to `output` and errors to `errors` (else `output`), each
    /// `/dev/null` when nil; lists its pid in `pids`.
    init(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String]? = nil,
        input: FileHandle? = nil,
        output: FileHandle? = nil,
        errors: FileHandle? = nil,
        pids: URL? = nil
    ) throws {
        let null = try FileHandle(forUpdating: URL(fileURLWithPath: "/dev/null"))
        defer { try? null.close() }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (handle, target) in [(input ?? null, 0), (output ?? null, 1), (errors ?? output ?? null, 2)] {
            posix_spawn_file_actions_adddup2(&actions, handle.fileDescriptor, Int32(target))
        }
        _ = Self.closeFrom?(&actions, 3)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let environment = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid = pid_t()
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard status == 0 else {
            throw MockBusError(message: "cannot start \(executable): \(String(cString: strerror(status)))")
        }
        self.pid = pid
        if let pids, let handle = try? FileHandle(forWritingTo: pids) {
            _ = try? handle.seekToEnd()
            try? handle.write(contentsOf: Data("\(pid)\n".utf8))
            try? handle.close()
        }
    }

    deinit { kill() }

    /// Whether it still runs (collecting it if it has ended).
    var isRunning: Bool {
        reaped.withLock { reaped in
            if !reaped {
                let result = waitpid(pid, nil, WNOHANG)
                reaped = result == pid || (result == -1 && errno == ECHILD)
            }
            return !reaped
        }
    }

    /// Kills it (`SIGKILL`) and waits for it.
    func kill() {
        reaped.withLock { reaped in
            guard !reaped else { return }
            _ = Foundation.kill(pid, SIGKILL)
            while waitpid(pid, nil, 0) == -1, errno == EINTR {}
            reaped = true
        }
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), which Swift's Glibc module
    /// does not declare.
    private static let closeFrom:
        (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? =
            dlsym(nil, "posix_spawn_file_actions_addclosefrom_np").map {
                unsafeBitCast(
                    $0,
                    to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)
                        .self
                )
            }

    /// A shell loop that, once `parent` is gone (the loop's own parent changes: a dead parent
    /// may linger as a zombie), kills every pid listed in `pids` and removes `folder`: nothing
    /// outlives a test process that crashed or was killed.
    static func reaper(parent: pid_t, pids: URL, folder: URL) throws -> ChildProcess {
        let script = """
            while [ "$(cut -d' ' -f4 /proc/$$/stat)" = "\(parent)" ]; do sleep 0.5; done
            kill -9 $(cat '\(pids.path)') 2>/dev/null
            rm -rf '\(folder.path)'
            """
        return try ChildProcess("/bin/sh", ["-c", script])
    }
}
