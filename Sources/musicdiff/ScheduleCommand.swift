import ArgumentParser
import Foundation
import MusicdiffCore

/// `musicdiff schedule "CRON" [--count N] [--from TIME] [--json]`: the next times a cron
/// expression fires, in local time, as `systemd-analyze calendar --iterations` shows them.
struct ScheduleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Print the next times a cron expression fires, in local time.",
        discussion: """
            The expression is read as the daemon's --schedule reads it: five fields (minute hour \
            day-of-month month day-of-week) or a macro such as @daily. Times are in the local time \
            zone (TZ is honoured) and printed one per line as weekday, date, time, the zone's \
            abbreviation where it has one, and the offset from UTC:

              Mon 2026-11-30 02:00:00 CET (+01:00)

            --json prints an array of ISO 8601 times with their offset instead:

              ["2026-11-30T02:00:00+01:00", "2026-12-01T02:00:00+01:00"]

            Across daylight-saving changes the times are those Debian's cron keeps: a fixed time \
            in the skipped hour fires right after the jump, a fixed time in the repeated hour \
            fires once, and an expression whose minute or hour field starts with * fires in both \
            repeated hours but not in the skipped one. A bad expression exits 1 naming the field.
            """
    )

    @Argument(help: "The cron expression, quoted: \"0 2 * * *\", \"*/15 9-17 * * mon-fri\", \"@daily\".")
    var expression: String

    @Option(name: .long, parsing: .unconditional, help: "How many fire times to print.")
    var count = 5

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Start after this ISO 8601 time instead of now, such as 2026-11-29T10:00, "
                + "2026-11-29T10:00:00+01:00 or 2026-11-29T09:00:00Z; without an offset it is local time.",
            valueName: "time"
        )
    )
    var from: String?

    @Flag(name: .long, help: "Print a JSON array of ISO 8601 times with their UTC offset.")
    var json = false

    func validate() throws {
        guard count >= 1 else { throw ValidationError("--count must be 1 or more, got \(count)") }
    }

    func run() throws {
        let cron: CronExpression
        do {
            cron = try CronExpression(expression)
        } catch {
            throw CommandFailure(message: error.description)
        }
        let zone = TimeZone.current
        var date = try from.map { try Self.time($0, in: zone) } ?? Date()
        var fires: [Date] = []
        while fires.count < count, let next = cron.nextFire(after: date, in: zone) {
            fires.append(next)
            date = next
        }
        guard !fires.isEmpty else {
            throw CommandFailure(message: "\"\(expression)\" does not fire within 400 years")
        }
        let texts = fires.map { LocalTimeText(fires: $0, in: zone) }
        if json {
            print("[" + texts.map { "\"\($0.iso8601)\"" }.joined(separator: ", ") + "]")
        } else {
            for text in texts { print(text.human) }
        }
    }

    /// Parses `--from`: `YYYY-MM-DD`, then optionally `T` (or a space) and `HH:MM[:SS[.fff]]`,
    /// then optionally `Z` or an offset `+HH:MM`, `+HHMM` or `+HH`; without one, local time.
    static func time(_ text: String, in zone: TimeZone, flag: String = "--from") throws -> Date {
        let bad = CommandFailure(
            message:
                "\(flag) \"\(text)\" is not an ISO 8601 time (try 2026-11-29T10:00 or 2026-11-29T10:00:00+01:00)"
        )
        let pattern =
            #/(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d)(\.\d{1,9})?)?)?(Z|z|[+-]\d\d(?::?\d\d)?)?/#
        guard let match = text.wholeMatch(of: pattern) else { throw bad }
        let (_, year, month, day, hour, minute, second, fraction, offset) = match.output
        let parts = DateComponents(
            year: Int(year),
            month: Int(month),
            day: Int(day),
            hour: hour.flatMap { Int($0) } ?? 0,
            minute: minute.flatMap { Int($0) } ?? 0,
            second: second.flatMap { Int($0) } ?? 0
        )
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        if let offset {
            guard let seconds = offsetSeconds(offset), let fixed = TimeZone(secondsFromGMT: seconds) else {
                throw bad
            }
            calendar.timeZone = fixed
        }
        guard let month = parts.month, let day = parts.day, (1...12).contains(month), (1...31).contains(day),
            (parts.hour ?? 0) < 24, (parts.minute ?? 0) < 60, (parts.second ?? 0) < 60,
            let date = calendar.date(from: parts),
            calendar.dateComponents([.year, .month, .day], from: date)
                == DateComponents(year: parts.year, month: month, day: day)
        else { throw bad }
        return date.addingTimeInterval(fraction.flatMap { Double("0" + $0) } ?? 0)
    }

    /// Seconds east of UTC for `Z`, `+HH`, `+HHMM` or `+HH:MM`, or nil if out of range.
    private static func offsetSeconds(_ text: Substring) -> Int? {
        if text.uppercased() == "Z" { return 0 }
        let digits = text.dropFirst().filter { $0 != ":" }
        guard let hours = Int(digits.prefix(2)), let minutes = digits.count == 4 ? Int(digits.suffix(2)) : 0,
            hours < 18 || (hours == 18 && minutes == 0), minutes < 60
        else { return nil }
        return (text.hasPrefix("-") ? -1 : 1) * (hours * 3600 + minutes * 60)
    }
}

/// A moment as local wall-clock text in a time zone.
private struct LocalTimeText {
    let parts: DateComponents
    let offset: Int
    let abbreviation: String?

    init(fires date: Date, in zone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        offset = zone.secondsFromGMT(for: date)
        abbreviation = Self.abbreviation(at: date, offset: offset)
    }

    /// `2026-11-30T02:00:00+01:00`.
    var iso8601: String { "\(date)T\(time)\(offsetText)" }

    /// `Mon 2026-11-30 02:00:00 CET (+01:00)`.
    var human: String {
        let weekday = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][(parts.weekday ?? 1) - 1]
        return "\(weekday) \(date) \(time)\(abbreviation.map { " \($0)" } ?? "") (\(offsetText))"
    }

    private var date: String { "\(parts.year ?? 0)-\(Self.two(parts.month))-\(Self.two(parts.day))" }
    private var time: String { "\(Self.two(parts.hour)):\(Self.two(parts.minute)):\(Self.two(parts.second))" }
    private var offsetText: String {
        (offset < 0 ? "-" : "+") + "\(Self.two(abs(offset) / 3600)):\(Self.two(abs(offset) % 3600 / 60))"
    }

    private static func two(_ value: Int?) -> String {
        let value = value ?? 0
        return value < 10 ? "0\(value)" : "\(value)"
    }

    /// The C library's name for the zone at `date` (`CET`, `EDT`), read with `localtime_r(3)`
    /// under the same `TZ`; nil if it is only a number (`+03`) or disagrees with Foundation.
    private static func abbreviation(at date: Date, offset: Int) -> String? {
        tzset()
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var local = tm()
        guard localtime_r(&seconds, &local) != nil, local.tm_gmtoff == offset, let name = local.tm_zone else {
            return nil
        }
        let text = String(cString: name)
        return text.first?.isLetter == true ? text : nil
    }
}
