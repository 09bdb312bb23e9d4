import Yams

extension PolicyParser {
    /// The keys a `while_running` block may hold.
    static let whileRunningKeys = ["network", "battery", "idle", "on_sleep", "grace"]
    static let runningBatteryKeys = ["min_percent"]
    static let activeKeys = ["active_for"]

    /// The `while_running` block, each rule on its own; ``implicationErrors(_:_:_:skipping:)``
    /// then judges it against the start rules.
    static func whileRunning(_ node: Node, _ fields: YAMLFields) throws(PolicyError) -> WhileRunning {
        let map = try fields.mapping(
            node,
            "while_running must be a mapping of rules, like { network: { require: unmetered } }"
        )
        try fields.checkKeys(map, allowed: whileRunningKeys, in: "while_running")
        var rules = WhileRunning()
        if let rule = map["network"] {
            rules.network = try network(rule, fields, key: "while_running.network")
        }
        if let rule = map["battery"] { rules.battery = try runningBattery(rule, fields) }
        if let rule = map["idle"] { rules.idle = try active(rule, fields) }
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
        return rules
    }

    static func runningBattery(_ node: Node, _ fields: YAMLFields) throws(PolicyError) -> RunningBatteryRule {
        let key = "while_running.battery"
        let map = try fields.mapping(node, "\(key) must be a mapping like { min_percent: 25 }")
        try fields.checkKeys(map, allowed: runningBatteryKeys, in: key)
        guard let percentNode = map["min_percent"] else {
            throw fields.error(at: node, "\(key) needs \"min_percent\", like { min_percent: 25 }")
        }
        let percent = try fields.number(percentNode, key: "\(key).min_percent", example: "25")
        let shown = Verdict.decimal(percent)
        guard (0...100).contains(percent) else {
            throw fields.error(at: percentNode, "\(key).min_percent must be between 0 and 100, not \(shown)")
        }
        return RunningBatteryRule(minPercent: percent)
    }

    static func active(_ node: Node, _ fields: YAMLFields) throws(PolicyError) -> ActiveRule {
        let key = "while_running.idle"
        let map = try fields.mapping(node, "\(key) must be a mapping like { active_for: 30s }")
        try fields.checkKeys(map, allowed: activeKeys, in: key)
        guard let limit = map["active_for"] else {
            throw fields.error(at: node, "\(key) needs an \"active_for\" duration, like { active_for: 30s }")
        }
        let activeFor = try fields.duration(
            limit,
            key: "\(key).active_for",
            example: "30s",
            minimum: .seconds(1)
        )
        return ActiveRule(activeFor: activeFor)
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
