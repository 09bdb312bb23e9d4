extension Policy {
    /// The policy as YAML with every setting spelled out, defaults included: what
    /// `musicdiff policy show` prints. Parsing it gives back an equal policy.
    public var yaml: String {
        var lines = ["name: \(Self.word(name))"]
        if let description { lines.append("description: \(Self.quoted(description))") }
        lines.append(minGap.map { "min_gap: \(DurationText.canonical($0))" } ?? "# min_gap: not checked")
        lines.append(idle.map { "idle: { min: \(DurationText.canonical($0.min)) }" } ?? "# idle: not checked")
        lines.append(network.map { "network: \(Self.yaml($0))" } ?? "# network: not checked")
        lines.append(
            load.map { "load: { max_per_core: \(Self.number($0.maxPerCore)) }" } ?? "# load: not checked"
        )
        if let battery {
            var text = "battery: { on_battery: \(battery.onBattery.rawValue)"
            if let minimum = battery.minPercent { text += ", min_percent: \(Self.number(minimum))" }
            lines.append(text + " }")
        } else {
            lines.append("# battery: not checked")
        }
        if let window {
            lines.append("window: [\(window.map { Self.quoted($0.description) }.joined(separator: ", "))]")
        } else {
            lines.append("# window: any time")
        }
        lines.append("on_unknown: \(onUnknown.rawValue)")
        lines.append(
            maxDeferral.map { "max_deferral: \(DurationText.canonical($0))" } ?? "# max_deferral: never"
        )
        lines.append("poll: \(DurationText.canonical(poll))")
        lines += whileRunningLines
        lines.append("settle: \(DurationText.canonical(settle))")
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
            whileRunning.idle.map { "  idle: { active_for: \(DurationText.canonical($0.activeFor)) }" }
                ?? "  # idle: not checked",
            "  on_sleep: \(whileRunning.onSleep.rawValue)",
            "  grace: \(DurationText.canonical(whileRunning.grace))",
        ]
    }

    /// A network rule as a flow mapping: `{ require: wifi, ssids: ["HomeNet"] }`.
    private static func yaml(_ network: NetworkRule) -> String {
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
