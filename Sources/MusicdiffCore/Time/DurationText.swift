/// Parsing and printing of the durations policies and configs are written in:
/// `90` (seconds), `45s`, `30m`, `6h`, `2d`, or a run of them such as `1h30m`.
package enum DurationText {
    /// The unit suffixes a duration may use, with their length in seconds.
    static let units: [(suffix: Character, seconds: Int64)] = [
        ("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1),
    ]

    /// The longest duration a policy, the config or a flag may give: 100 years of 365.25
    /// days. Every duration a user writes is checked against it when it is read, so that no
    /// later arithmetic on it (a date plus a gap, milliseconds in an `Int64`) can overflow.
    package static let maximum: Duration = .seconds(36_525 * 86_400)

    /// The maximum as a user reads it in an error message.
    package static let maximumText = "100 years (36525d)"

    /// Parses `text` as a duration, or returns nil when it is not one.
    ///
    /// Negative durations parse (so that callers can say "must not be negative" rather
    /// than "not a duration"); it is the caller's job to reject them. A duration too long
    /// for 64 bits of seconds comes back as the longest one there is, so that callers can
    /// say "must be at most ``maximum``" rather than "not a duration".
    package static func parse(_ text: String) -> Duration? {
        var rest = Substring(text.trimmingSpaces())
        var sign: Int64 = 1
        if rest.first == "-" {
            sign = -1
            rest = rest.dropFirst()
        }
        guard let first = rest.first, first.isASCII, first.isNumber else { return nil }
        let saturated: Duration = .seconds(sign * Int64.max)
        if rest.allSatisfy({ $0.isASCII && $0.isNumber }) {
            return .seconds(sign * (Int64(rest) ?? Int64.max))
        }
        var total: Int64 = 0
        var number = ""
        var usedUnits = 0
        for character in rest {
            if character.isASCII, character.isNumber {
                number.append(character)
                continue
            }
            guard let unit = units.firstIndex(where: { $0.suffix == character }),
                unit >= usedUnits,
                !number.isEmpty
            else { return nil }
            let (product, overflow) = (Int64(number) ?? Int64.max).multipliedReportingOverflow(
                by: units[unit].seconds
            )
            let (sum, sumOverflow) = total.addingReportingOverflow(product)
            total = overflow || sumOverflow ? Int64.max : sum
            number = ""
            usedUnits = unit + 1
        }
        guard number.isEmpty else { return nil }
        return total == Int64.max ? saturated : .seconds(sign * total)
    }

    /// Prints `duration` the way a person would say it: `6h`, `7h 12m`, `45s`, `2d 3h`:
    /// its largest unit and, when not zero, the next smaller one.
    package static func format(_ duration: Duration) -> String {
        let seconds = duration.components.seconds
        if seconds < 0 { return "-" + format(.seconds(Int64(clamping: seconds.magnitude))) }
        if seconds == 0 { return duration.components.attoseconds > 0 ? "<1s" : "0s" }
        let largest = units.firstIndex { seconds >= $0.seconds }!
        var text = "\(seconds / units[largest].seconds)\(units[largest].suffix)"
        if largest + 1 < units.count {
            let next = units[largest + 1]
            let count = seconds % units[largest].seconds / next.seconds
            if count > 0 { text += " \(count)\(next.suffix)" }
        }
        return text
    }

    /// Prints `duration` in hours when it is an hour or more and under a week (`24h`, `36h`,
    /// `48h`, `36h30m`: how deferral ladders are written and read), else as ``canonical(_:)``
    /// does (`10m`, `7d`): the one form a policy's durations are quoted in. It parses back.
    package static func hours(_ duration: Duration) -> String {
        let seconds = duration.components.seconds
        guard seconds >= 3600, seconds < 7 * 86_400 else { return canonical(duration) }
        let rest = seconds % 3600
        return "\(seconds / 3600)h" + (rest == 0 ? "" : canonical(.seconds(rest)))
    }

    /// Prints `duration` in the compact form a policy file takes (`1h30m`, `6h`, `90s`),
    /// so that `parse(canonical(d)) == d`.
    package static func canonical(_ duration: Duration) -> String {
        let signed = duration.components.seconds
        if signed == 0 { return "0s" }
        var text = signed < 0 ? "-" : ""
        var seconds = Int64(clamping: signed.magnitude)
        for (suffix, length) in units where seconds >= length {
            text += "\(seconds / length)\(suffix)"
            seconds %= length
        }
        return text
    }
}

extension StringProtocol where SubSequence == Substring {
    /// The string without leading and trailing spaces and tabs.
    func trimmingSpaces() -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = firstIndex(where: { !isSpace($0) }) else { return "" }
        let end = lastIndex(where: { !isSpace($0) })!
        return self[start...end]
    }
}
