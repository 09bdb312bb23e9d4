import Yams

extension PolicyParser {
    /// The keys a `while_running` block may hold.
    static let whileRunningKeys =
        Verdict.Rule.stopRules.map(\.rule.rawValue) + ["on_sleep", "grace", "keep_awake"]

    /// The `while_running` block, each rule on its own; ``implicationErrors(_:_:_:skipping:)``
    /// then judges it against the start rules.
    static func whileRunning(_ node: Node, _ fields: YAMLFields) throws(PolicyError) -> WhileRunning {
        let map = try fields.mapping(
            node,
            "while_running must be a mapping of rules, like { network: { require: unmetered } }"
        )
        try fields.checkKeys(map, allowed: whileRunningKeys, in: "while_running")
        var rules = WhileRunning()
        for (rule, type) in Verdict.Rule.stopRules {
            guard let node = map[rule.rawValue] else { continue }
            try stopRule(type, node, fields, key: "while_running.\(rule.rawValue)", into: &rules)
        }
        if let choice = map["on_sleep"] {
            rules.onSleep = try fields.choice(choice, key: "while_running.on_sleep")
        }
        if let grace = map["grace"] {
            rules.grace = try fields.duration(
                grace,
                key: "while_running.grace",
                example: "30s",
                minimum: .seconds(1)
            )
        }
        if let keepAwake = map["keep_awake"] {
            rules.keepAwake = try fields.bool(keepAwake, key: "while_running.keep_awake")
        }
        return rules
    }

    /// Reads the `while_running` form `Rule` from `node` into `block`.
    private static func stopRule<Rule: StopRule>(
        _: Rule.Type,
        _ node: Node,
        _ fields: YAMLFields,
        key: String,
        into block: inout WhileRunning
    ) throws(PolicyError) {
        block[Rule.self] = try Rule.parseStop(node, fields, key: key)
    }

    /// An error for each `while_running` rule that `policy`'s start rules do not imply (see
    /// ``StopImplication``), at the rule in `node` (the `while_running` block). A rule whose
    /// start rule is among `failed`, which had errors of their own, is not judged.
    static func implicationErrors(
        _ policy: Policy,
        _ node: Node?,
        _ fields: YAMLFields,
        skipping failed: Set<String>
    ) -> [PolicyError] {
        StopImplication.all.compactMap { implication in
            guard !failed.contains(implication.key), let message = implication.gap(policy) else { return nil }
            let rule = node?.mapping?[implication.key]
            return fields.error(at: implication.field.flatMap { rule?.mapping?[$0] } ?? rule, message)
        }
    }
}
