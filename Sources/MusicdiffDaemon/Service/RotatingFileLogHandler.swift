import Foundation
import Logging

/// A swift-log handler writing `daemon.log` in the original design's format, Python
/// logging's `%(asctime)s - %(name)s - %(levelname)s - %(message)s`:
///
///     2026-11-29 00:33:42,123 - musicdiff - INFO - Sync completed: 12 changes
///
/// Local time with comma milliseconds; levels as Python names them (`trace` is `DEBUG`,
/// `notice` is `INFO`). Metadata (`sync.changes`, `policy.blockers`) stays on the events for
/// other handlers; in this file only debug lines show it, after the message as ` key=value`
/// pairs, sorted by key, a value quoted when it holds spaces. Copies of the handler share one
/// ``RotatingLogFile``.
package struct RotatingFileLogHandler: LogHandler {
    /// The logger's name, the format's `%(name)s`.
    package let label: String
    /// The file written to.
    package let file: RotatingLogFile
    /// The handler's own metadata, on every line.
    package var metadata: Logger.Metadata = [:]
    /// The lowest level written.
    package var logLevel: Logger.Level = .info
    /// Metadata added at each log call (task-local context, say).
    package var metadataProvider: Logger.MetadataProvider?
    /// The time zone timestamps are written in; the system's unless set (tests set one).
    package var timeZone: TimeZone = .current

    /// Creates a handler for the logger `label`, writing to `file`.
    package init(label: String, file: RotatingLogFile, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.file = file
        self.metadataProvider = metadataProvider
    }

    /// One metadata value.
    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes the event as one line.
    package func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let explicit = event.metadata { merged.merge(explicit) { $1 } }
        if let error = event.error { merged["error"] = "\(error)" }
        let message = event.message.description
        let shown = event.level <= .debug ? merged : [:]
        let line = Self.line(
            at: Date(),
            level: event.level,
            label: label,
            message: message,
            metadata: shown,
            timeZone: timeZone
        )
        // The journal's line is made only when stderr is the journal; the notice of lost
        // lines only after some were lost.
        file.write(
            line,
            journalLine: Self.journalLine(level: event.level, message: message, metadata: shown),
            notice: { lost in
                Self.line(
                    at: Date(),
                    level: .warning,
                    label: label,
                    message: lost,
                    metadata: [:],
                    timeZone: timeZone
                )
            }
        )
    }

    /// The line for the journal: `<6>message key=value`, the syslog priority first (each line
    /// of a message gets it), no timestamp (journald adds its own), so `journalctl -p warning`
    /// finds warnings and errors.
    package static func journalLine(level: Logger.Level, message: String, metadata: Logger.Metadata) -> String
    {
        var text = message
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            text += " \(key)=\(quoted(value.description))"
        }
        let prefix = "<\(priority(level))>"
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { prefix + $0 }
            .joined(separator: "\n")
    }

    /// syslog's priority for `level`: `debug` 7, `info` 6, `notice` 5, `warning` 4, `error` 3,
    /// `critical` 2.
    package static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    /// The line for a message: `2026-11-29 00:33:42,123 - musicdiff - INFO - message key=value`.
    package static func line(
        at date: Date,
        level: Logger.Level,
        label: String,
        message: String,
        metadata: Logger.Metadata,
        timeZone: TimeZone = .current
    ) -> String {
        var line = "\(timestamp(date, timeZone: timeZone)) - \(label) - \(levelName(level)) - \(message)"
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            line += " \(key)=\(quoted(value.description))"
        }
        return line
    }

    /// Python's `asctime`: `2026-11-29 00:33:42,123`, in `timeZone`.
    package static func timestamp(_ date: Date, timeZone: TimeZone = .current) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let seconds = date.timeIntervalSince1970.rounded(.down)
        let parts = calendar.dateComponents(
            [.year, .month, .day, .hour, .minute, .second],
            from: Date(timeIntervalSince1970: seconds)
        )
        let millis = min(999, Int((date.timeIntervalSince1970 - seconds) * 1_000))
        func pad(_ value: Int?, _ width: Int) -> String {
            let text = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.year, 4))-\(pad(parts.month, 2))-\(pad(parts.day, 2))"
            + " \(pad(parts.hour, 2)):\(pad(parts.minute, 2)):\(pad(parts.second, 2)),\(pad(millis, 3))"
    }

    /// The level as Python's logging names it.
    package static func levelName(_ level: Logger.Level) -> String {
        switch level {
        case .trace, .debug: "DEBUG"
        case .info, .notice: "INFO"
        case .warning: "WARNING"
        case .error: "ERROR"
        case .critical: "CRITICAL"
        }
    }

    /// `value`, in double quotes (with `"` and `\` escaped) when it is empty or holds
    /// whitespace, `=` or a quote, so that a line splits back into its pairs.
    static func quoted(_ value: String) -> String {
        let plain = !value.isEmpty && !value.contains { $0.isWhitespace || $0 == "=" || $0 == "\"" }
        if plain { return value }
        let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(
            of: "\"",
            with: "\\\""
        )
        .replacingOccurrences(of: "\n", with: "\\n")
        return "\"\(escaped)\""
    }
}
