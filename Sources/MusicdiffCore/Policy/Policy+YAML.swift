extension Policy {
    /// The policy as YAML with every setting spelled out, defaults included: what
    /// `musicdiff policy show` prints. Parsing it gives back an equal policy.
    package var yaml: String {
        var lines = ["name: \(Self.word(name))"]
        if let description { lines.append("description: \(Self.quoted(description))") }
        lines.append(minGap.map { "min_gap: \(DurationText.hours($0))" } ?? "# min_gap: not checked")
        lines += RelaxStep.order.compactMap { rule -> String? in
            guard let type = rule.parts.relaxed else { return nil }
            return line(type)
        }
        lines.append("on_unknown: \(onUnknown.rawValue)")
        lines += relaxLines
        lines.append(
            maxDeferral.map { "max_deferral: \(DurationText.hours($0))" } ?? "# max_deferral: never"
        )
        lines.append("poll: \(DurationText.hours(poll))")
        lines += whileRunningLines
        lines.append("settle: \(DurationText.hours(settle))")
        lines.append(
            early.map { "early: \(DurationText.hours($0))" }
                ?? "# early: none (a sync never starts before its due time)"
        )
        return lines.joined(separator: "\n") + "\n"
    }

    /// The `while_running` block, defaults spelled out (but `keep_awake`, named only when set),
    /// or a comment saying nothing stops a run.
    private var whileRunningLines: [String] {
        guard let whileRunning else { return ["# while_running: none (nothing stops a running sync)"] }
        return ["while_running:"]
            + Verdict.Rule.stopRules.map { rule, type in Self.line(type, rule, whileRunning) }
            + (whileRunning.keepAwake ? ["  keep_awake: true"] : [])
            + [
                "  on_sleep: \(whileRunning.onSleep.rawValue)",
                "  grace: \(DurationText.hours(whileRunning.grace))",
            ]
    }

    /// `idle: { min: 10m }`, or a comment when the policy does not hold the rule.
    private func line<Rule: RelaxableRule>(_: Rule.Type) -> String {
        let name = Rule.rule.rawValue
        return self[Rule.self].map { "\(name): \($0.yaml)" } ?? "# \(name): \(Rule.absent)"
    }

    /// `  idle: { active_for: 30s }` in `while_running`, or a comment without the rule.
    private static func line<Rule: StopRule>(
        _: Rule.Type,
        _ rule: Verdict.Rule,
        _ block: WhileRunning
    ) -> String {
        block[Rule.self].map { "  \(rule.rawValue): \($0.stopYAML)" }
            ?? "  # \(rule.rawValue): not checked"
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

    /// `text` as a double-quoted YAML string.
    static func quoted(_ text: String) -> String {
        DoubleQuoted.text(text) { scalar in
            // YAML cannot hold these raw, or reads them as line breaks (NEL, LS, PS) or a BOM.
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                DoubleQuoted.hex(scalar.value, "\\x", digits: 2)
            } else if [0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF].contains(scalar.value) {
                DoubleQuoted.hex(scalar.value, "\\u", digits: 0)
            } else {
                nil
            }
        }
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
