import Yams

extension PolicyParser {
    /// The keys a `while_running` block may hold.
    static let whileRunningKeys = ["network", "battery", "idle", "on_sleep", "grace"]
    static let runningBatteryKeys = ["min_percent"]
    static let activeKeys = ["active_for"]

    /// The `while_running` block; `start` is the policy's start `battery` rule, which its
    /// battery threshold must not exceed.
    static func whileRunning(
        _ node: Node,
        _ fields: YAMLFields,
        start: BatteryRule?
    ) throws(PolicyError) -> WhileRunning {
        let map = try fields.mapping(
            node,
            "while_running must be a mapping of rules, like { network: { require: unmetered } }"
        )
        try fields.checkKeys(map, allowed: whileRunningKeys, in: "while_running")
        var rules = WhileRunning()
        if let rule = map["network"] {
            rules.network = try network(rule, fields, key: "while_running.network")
        }
        if let rule = map["battery"] { rules.battery = try runningBattery(rule, fields, start: start) }
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

    static func runningBattery(
        _ node: Node,
        _ fields: YAMLFields,
        start: BatteryRule?
    ) throws(PolicyError) -> RunningBatteryRule {
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
        // Hysteresis: a sync stopped below the stop threshold must not be allowed to start again
        // at once, so the start threshold is at or above it. With on_battery: deny it never
        // starts on battery at all.
        guard start?.onBattery != .deny else { return RunningBatteryRule(minPercent: percent) }
        let startMinimum = start?.minPercent ?? 0
        guard percent <= startMinimum else {
            let hysteresis = "hysteresis needs the stop threshold at or below the start's"
            if start?.minPercent == nil {
                throw fields.error(
                    at: percentNode,
                    "\(key).min_percent \(shown) is above the start's threshold: without battery.min_percent"
                        + " a sync starts at any charge; \(hysteresis), so add"
                        + " battery: { min_percent: \(shown) } or more"
                )
            }
            throw fields.error(
                at: percentNode,
                "\(key).min_percent \(shown) is above the start rule's battery.min_percent"
                    + " \(Verdict.decimal(startMinimum)); \(hysteresis)"
            )
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
}
