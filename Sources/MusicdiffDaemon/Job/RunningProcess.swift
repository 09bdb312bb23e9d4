import MusicdiffRuntime

#if canImport(Glibc)
    import Glibc
#endif

/// A process as a message names it, read from `/proc/PID`: `pid 4711 (sleep 300)`.
package struct RunningProcess: Sendable, Equatable, CustomStringConvertible {
    /// Its pid.
    package var pid: Int32
    /// Its command line, its arguments split by spaces and cut at ``commandLimit`` characters;
    /// nil when it cannot be read (gone, or another user's).
    package var command: String?

    /// The most characters of a command line a message carries.
    static let commandLimit = 120

    /// The process `pid`, its command line read now.
    package init(pid: Int32, proc: String = "/proc") {
        self.pid = pid
        self.command = Self.commandLine(of: pid, proc: proc)
    }

    /// The process `pid` with the command line `command`, read before.
    package init(pid: Int32, command: String?) {
        self.pid = pid
        self.command = command
    }

    /// `pid 4711 (sleep 300)`, or `pid 4711` without a command line.
    package var description: String { "pid \(pid)" + (command.map { " (\($0))" } ?? "") }

    /// The command line of `pid`, its NUL-separated arguments joined by spaces.
    static func commandLine(of pid: Int32, proc: String = "/proc") -> String? {
        guard let text = FileText.read("\(proc)/\(pid)/cmdline", limit: 4096) else { return nil }
        let words = text.split(separator: "\0").map { String($0.map { $0.isNewline ? " " : $0 }) }
        guard !words.isEmpty else { return nil }
        let line = words.joined(separator: " ")
        return line.count <= commandLimit ? line : String(line.prefix(commandLimit - 1)) + "…"
    }

    /// When `pid` started, in clock ticks after boot (`/proc/PID/stat`, field 22): with the
    /// pid, it names one process, where a pid alone may be reused.
    static func startTime(of pid: Int32, proc: String = "/proc") -> UInt64? {
        guard let stat = FileText.read("\(proc)/\(pid)/stat"), let close = stat.lastIndex(of: ")") else {
            return nil
        }
        // After the name: state (field 3) ... starttime (field 22).
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 19 ? UInt64(fields[19]) : nil
    }

    /// The running processes of this user whose environment holds `variable` (`NAME=VALUE`),
    /// as every process a job starts inherits it unless it clears its environment: what a
    /// job left behind, wherever it went. A walk of every process: once per run.
    static func carrying(_ variable: String, proc: String = "/proc") -> [RunningProcess] {
        let needle = Array(variable.utf8) + [0]
        let me = getpid()
        return (Directory.names(at: proc) ?? []).compactMap(Int32.init).filter { pid in
            guard pid != me, let bytes = FileText.bytes(atPath: "\(proc)/\(pid)/environ", limit: 1 << 20)
            else { return false }
            return contains(bytes, needle) && ProcessGroup.isRunning(pid, proc: proc)
        }
        .map { RunningProcess(pid: $0, proc: proc) }
    }

    /// Whether `bytes` (NUL-separated `NAME=VALUE` entries) hold the entry `needle` (with its NUL).
    private static func contains(_ bytes: [UInt8], _ needle: [UInt8]) -> Bool {
        guard bytes.count >= needle.count else { return false }
        var start = 0
        while start + needle.count <= bytes.count {
            if bytes[start..<start + needle.count].elementsEqual(needle) { return true }
            guard let end = bytes[start...].firstIndex(of: 0) else { return false }
            start = end + 1
        }
        return false
    }
}
