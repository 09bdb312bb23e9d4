import MusicdiffRuntime

#if canImport(Glibc)
    import Glibc
#endif

/// A process as a message names it, read from `/proc/PID`: `pid 4711 (sleep 300)`.
public struct RunningProcess: Sendable, Equatable, CustomStringConvertible {
    /// Its pid.
    public var pid: Int32
    /// Its command line, its arguments split by spaces and cut at ``commandLimit`` characters;
    /// nil when it cannot be read (gone, or another user's).
    public var command: String?

    /// The most characters of a command line a message carries.
    public static let commandLimit = 120

    /// The process `pid`, its command line read now.
    public init(pid: Int32, proc: String = "/proc") {
        self.pid = pid
        self.command = Self.commandLine(of: pid, proc: proc)
    }

    /// The process `pid` with the command line `command`, read before.
    public init(pid: Int32, command: String?) {
        self.pid = pid
        self.command = command
    }

    /// `pid 4711 (sleep 300)`, or `pid 4711` without a command line.
    public var description: String { "pid \(pid)" + (command.map { " (\($0))" } ?? "") }

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
}
