#if canImport(Glibc)
    import Glibc
#endif

/// A sync job's process group: who is still in it, and stopping all of them.
enum ProcessGroup {
    /// The pids of the group's members that are still running (zombies, which only wait to
    /// be reaped, do not count), read from `/proc/PID/stat`.
    static func liveMembers(of group: pid_t, proc: String = "/proc") -> [pid_t] {
        var members: [pid_t] = []
        for name in Directory.names(at: proc) ?? [] {
            guard let pid = pid_t(name), let stat = readStat(proc + "/" + name + "/stat") else { continue }
            // After the command name, in parentheses that may hold anything: state, ppid, pgrp.
            guard let close = stat.lastIndex(of: ")") else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 2, fields[0] != "Z", fields[0] != "X", pid_t(fields[2]) == group else {
                continue
            }
            members.append(pid)
        }
        return members
    }

    /// Whether `pid` is a running process: not gone and not a zombie (a process whose
    /// parent died may stay a zombie for good where nothing reaps orphans, as in some
    /// containers, and `kill(pid, 0)` alone would call it alive).
    static func isRunning(_ pid: pid_t, proc: String = "/proc") -> Bool {
        guard let stat = readStat(proc + "/\(pid)/stat") else { return kill(pid, 0) == 0 || errno == EPERM }
        guard let close = stat.lastIndex(of: ")") else { return true }
        let state = stat[stat.index(after: close)...].split(separator: " ").first
        return state != "Z" && state != "X"
    }

    /// Stops every live member of `group`: SIGTERM, then SIGKILL once `grace` is over;
    /// returns how many were running. It waits with ``waitUntilEmpty(_:within:)``, on a
    /// timer, so a group that exits on SIGTERM costs no more than 20 ms and the thread is free
    /// meanwhile.
    @discardableResult
    static func stop(_ group: pid_t, grace: Duration) async -> Int {
        let found = liveMembers(of: group).count
        guard found > 0 else { return 0 }
        kill(-group, SIGTERM)
        if await !waitUntilEmpty(group, within: grace) { kill(-group, SIGKILL) }
        return found
    }

    /// Waits until `group` has no live member, at most `limit`; false if one is still there.
    /// It looks every 20 ms on a timer, so the daemon's one thread serves signals, the
    /// readings socket and the watchdog meanwhile. The wait is a task of its own: a caller
    /// cancelled by a shutdown still waits it out, rather than spinning or giving up early.
    @discardableResult
    static func waitUntilEmpty(_ group: pid_t, within limit: Duration) async -> Bool {
        await Task(executorPreference: PreferredExecutor.current) {
            let deadline = ContinuousClock.now.advanced(by: limit)
            while !liveMembers(of: group).isEmpty {
                guard ContinuousClock.now < deadline else { return false }
                try? await Task.sleep(for: .milliseconds(20))
            }
            return true
        }
        .value
    }

    private static func readStat(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 1024)
        let count = read(fd, &buffer, buffer.count)
        return count > 0 ? String(decoding: buffer[..<count], as: UTF8.self) : nil
    }
}
