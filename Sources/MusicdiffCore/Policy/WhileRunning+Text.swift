extension WhileRunning {
    /// What stops a running sync under `rules`, for `why-not` and `daemon status` during a run:
    /// `it stops if the network turns metered, the battery falls below 25 %, or the user is
    /// active for 30s`; `nothing stops it` when there is no `while_running` block or it holds
    /// no rule that can fail.
    ///
    /// `on_sleep: stop` is named only when no rule is (`it stops only if the machine goes to
    /// sleep`): a coming suspend is not a reading the user watches.
    package static func stopClause(_ rules: WhileRunning?) -> String {
        guard let rules else { return "nothing stops it" }
        let conditions = rules.conditions
        guard let last = conditions.last else {
            return rules.onSleep == .stop ? "it stops only if the machine goes to sleep" : "nothing stops it"
        }
        switch conditions.count {
        case 1: return "it stops if \(last)"
        case 2: return "it stops if \(conditions[0]) or \(last)"
        default: return "it stops if " + conditions.dropLast().joined(separator: ", ") + ", or \(last)"
        }
    }

    /// One phrase per rule that can fail, in network, battery, idle order.
    var conditions: [String] {
        Verdict.Rule.stopRules.compactMap { (_, type) -> String? in condition(type) }
    }

    private func condition<Rule: StopRule>(_: Rule.Type) -> String? {
        self[Rule.self]?.condition
    }
}
