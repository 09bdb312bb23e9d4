extension Policy {
    /// The policy as YAML with every setting spelled out, defaults included: what
    /// `musicdiff policy show` prints. Parsing it gives back an equal policy.
    public var yaml: String {
        var lines = ["name: \(Self.word(name))"]
        if let description { lines.append("description: \(Self.quoted(description))") }
        lines.append(minGap.map { "min_gap: \(DurationText.hours($0))" } ?? "# min_gap: not checked")
        lines.append(idle.map { "idle: \(Self.yaml($0))" } ?? "# idle: not checked")
        lines.append(network.map { "network: \(Self.yaml($0))" } ?? "# network: not checked")
        lines.append(load.map { "load: \(Self.yaml($0))" } ?? "# load: not checked")
        lines.append(battery.map { "battery: \(Self.yaml($0))" } ?? "# battery: not checked")
        lines.append(window.map { "window: \(Self.yaml($0))" } ?? "# window: any time")
        lines.append("on_unknown: \(onUnknown.rawValue)")
        lines += relaxLines
        lines.append(
            maxDeferral.map { "max_deferral: \(DurationText.hours($0))" } ?? "# max_deferral: never"
        )
        lines.append("poll: \(DurationText.hours(poll))")
        lines += whileRunningLines
        lines.append("settle: \(DurationText.hours(settle))")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The `while_running` block, defaults spelled out, or a comment saying nothing stops a run.
    private var whileRunningLines: [String] {
        guard let whileRunning else { return ["# while_running: none (nothing stops a running sync)"] }
        return [
            "while_running:",
            whileRunning.network.map { "  network: \(Self.yaml($0))" } ?? "  # network: not checked",
            whileRunning.battery.map { "  battery: { min_percent: \(Self.number($0.minPercent)) }" }
                ?? "  # battery: not checked",
            whileRunning.idle.map { "  idle: { active_for: \(DurationText.hours($0.activeFor)) }" }
                ?? "  # idle: not checked",
            "  on_sleep: \(whileRunning.onSleep.rawValue)",
            "  grace: \(DurationText.hours(whileRunning.grace))",
        ]
    }

    /// The `relax` ladder, one block per step, or a comment saying there is none.
    private var relaxLines: [String] {
        guard !relax.isEmpty else { return ["# relax: none (the rules hold until max_deferral)"] }
        var lines = ["relax:"]
        for step in relax {
            lines.append("  - after: \(DurationText.hours(step.after))")
            lines += step.changeTexts.map { "    " + $0 }
        }
        return lines
    }

    /// `{ min: 10m }`.
    static func yaml(_ idle: IdleRule) -> String { "{ min: \(DurationText.hours(idle.min)) }" }

    /// `{ max_per_core: 0.7 }`.
    static func yaml(_ load: LoadRule) -> String { "{ max_per_core: \(number(load.maxPerCore)) }" }

    /// `{ on_battery: allow, min_percent: 40 }`.
    static func yaml(_ battery: BatteryRule) -> String {
        var text = "{ on_battery: \(battery.onBattery.rawValue)"
        if let minimum = battery.minPercent { text += ", min_percent: \(number(minimum))" }
        return text + " }"
    }

    /// `["22:00-07:00"]`.
    static func yaml(_ windows: [TimeWindow]) -> String {
        "[\(windows.map { quoted($0.description) }.joined(separator: ", "))]"
    }

    /// A network rule as a flow mapping: `{ require: wifi, ssids: ["HomeNet"] }`.
    static func yaml(_ network: NetworkRule) -> String {
        var text = "{ require: \(network.require.rawValue)"
        if let ssids = network.ssids {
            text += ", ssids: [\(ssids.map(Self.quoted).joined(separator: ", "))]"
        }
        return text + " }"
    }

    /// `text` as a double-quoted YAML string.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for character in text.unicodeScalars {
            switch character {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            default:
                // YAML cannot hold these raw, or reads them as line breaks (NEL, LS, PS) or a BOM.
                if character.value < 0x20 || (0x7F...0x9F).contains(character.value) {
                    result += "\\x" + (character.value < 0x10 ? "0" : "") + String(character.value, radix: 16)
                } else if [0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF].contains(character.value) {
                    result += "\\u" + String(character.value, radix: 16)
                } else {
                    result.unicodeScalars.append(character)
                }
            }
        }
        return result + "\""
    }

    /// `value` as a policy writes it: `0.7`, `40`; exactly, so that it parses back.
    static func number(_ value: Double) -> String {
        let short = Verdict.decimal(value)
        return Double(short) == value ? short : "\(value)"
    }

    /// `text` bare when it is a plain word YAML reads as that text (`laptop`, `my-policy_2`),
    /// otherwise quoted (`"#home"`, `"null"`, `"a:"`).
    static func word(_ text: String) -> String {
        let isWordCharacter = { (c: Character) in c.isASCII && (c.isLetter || c.isNumber) }
        let plain =
            text.first.map(isWordCharacter) == true
            && text.allSatisfy { isWordCharacter($0) || "_-.".contains($0) }
            && !["null", "Null", "NULL"].contains(text)
        return plain ? text : quoted(text)
    }
}
