extension CronExpression {
    /// The macros and the five fields each stands for, as Debian's cron defines them.
    static let macros: [(name: String, fields: String)] = [
        ("@yearly", "0 0 1 1 *"), ("@annually", "0 0 1 1 *"), ("@monthly", "0 0 1 * *"),
        ("@weekly", "0 0 * * 0"), ("@daily", "0 0 * * *"), ("@midnight", "0 0 * * *"),
        ("@hourly", "0 * * * *"),
    ]

    static let monthNames = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ]
    static let weekdayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    /// The five fields of `text`, a macro replaced by what it stands for.
    static func fields(of text: String) throws(CronError) -> [Substring] {
        var fields = text.split(whereSeparator: \.isWhitespace)
        if let first = fields.first, first.hasPrefix("@") {
            let name = first.lowercased()
            let known = macros.map(\.name).joined(separator: ", ")
            guard fields.count == 1 else {
                throw CronError(reason: "macro \"\(first)\" must stand alone, without further fields")
            }
            if name == "@reboot" {
                throw CronError(reason: "@reboot is not supported: a schedule repeats (use one of \(known))")
            }
            guard let macro = macros.first(where: { $0.name == name }) else {
                throw CronError(reason: "unknown macro \"\(first)\" (use one of \(known))")
            }
            fields = macro.fields.split(separator: " ")
        }
        guard fields.count == 5 else {
            throw CronError(
                reason: "expected 5 fields (minute hour day-of-month month day-of-week), got \(fields.count)"
            )
        }
        return fields
    }

    /// The set a field's text stands for: a comma-separated list of items.
    static func parse(_ text: Substring, as field: CronField) throws(CronError) -> CronSet {
        var set = CronSet()
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard !item.isEmpty else {
                throw CronError(field: field, text: text, reason: "the list has an empty item")
            }
            do {
                try addItem(item, as: field, to: &set)
            } catch {
                throw CronError(field: field, text: text, reason: error.reason)
            }
        }
        return set
    }

    /// Adds one item, `*`, `N`, `N-M`, each with an optional `/STEP`, or `N/STEP` (`N` to
    /// the field's end). A weekday range ending in `sun` (`fri-sun`) ends on Sunday as 7.
    private static func addItem(
        _ item: Substring,
        as field: CronField,
        to set: inout CronSet
    ) throws(CronError) {
        let parts = item.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { throw CronError(reason: "\"\(item)\" has more than one \"/\"") }
        var step = 1
        if parts.count == 2 {
            guard !parts[1].isEmpty else { throw CronError(reason: "\"\(item)\" has no step after \"/\"") }
            guard parts[1].allSatisfy(\.isASCIIDigit) else {
                throw CronError(reason: "step \"\(parts[1])\" is not a number")
            }
            step = Int(parts[1]) ?? Int.max
            guard step >= 1 else { throw CronError(reason: "step \(parts[1]) must be at least 1") }
        }
        // A step from a single number or from `*` runs to the field's end; Sunday counts once.
        let end = field == .dayOfWeek ? 6 : field.bounds.upperBound
        var range = field.bounds.lowerBound...end
        if parts[0] != "*" {
            let ends = parts[0].split(separator: "-", omittingEmptySubsequences: false)
            guard ends.count <= 2, !ends.contains(where: \.isEmpty) else {
                throw CronError(reason: "\"\(parts[0])\" is not a number or a range")
            }
            let low = try value(ends[0], as: field)
            var high =
                ends.count == 2 ? try value(ends[1], as: field) : parts.count == 2 ? max(low, end) : low
            if field == .dayOfWeek && ends.count == 2 && high == 0 && low > 0 { high = 7 }
            guard low <= high else {
                throw CronError(reason: "range \(low)-\(high) is backwards (its start is after its end)")
            }
            range = low...high
        }
        for value in stride(from: range.lowerBound, through: range.upperBound, by: step) {
            set.insert(field == .dayOfWeek && value == 7 ? 0 : value)
        }
    }

    /// One number or name of `field`, checked against the field's range.
    private static func value(_ text: Substring, as field: CronField) throws(CronError) -> Int {
        let bounds = field.bounds
        let range = "\(bounds.lowerBound)-\(bounds.upperBound)"
        if text.allSatisfy(\.isASCIIDigit) {
            guard let number = Int(text), bounds.contains(number) else {
                throw CronError(
                    reason: "\(Int(text).map(String.init) ?? String(text)) is out of range \(range)"
                )
            }
            return number
        }
        let (names, kind): ([String], String) =
            switch field {
            case .month: (monthNames, "month")
            case .dayOfWeek: (weekdayNames, "weekday")
            default: ([], "")
            }
        if names.isEmpty { throw CronError(reason: "\"\(text)\" is not a number") }
        if let index = names.firstIndex(of: text.lowercased()) {
            return field == .month ? index + 1 : index
        }
        if text.allSatisfy(\.isLetter) { throw CronError(reason: "\"\(text)\" is not a \(kind) name") }
        throw CronError(reason: "\"\(text)\" is not a number or a \(kind) name")
    }
}

extension Character {
    /// Whether this is one of `0`-`9` (not another script's digit, not a sign).
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
