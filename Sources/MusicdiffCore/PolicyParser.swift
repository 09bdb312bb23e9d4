import Foundation
import Yams

/// Reads a policy from YAML, strictly: unknown keys, wrong types and out-of-range values are
/// errors that name the line and column, never silent defaults.
public enum PolicyParser {
    /// The keys a policy may hold.
    static let idleKeys = ["min"]
    static let networkKeys = ["require", "ssids"]
    static let loadKeys = ["max_per_core"]
    static let batteryKeys = ["on_battery", "min_percent"]
    static let keys = [
        "name", "description", "min_gap", "idle", "network", "load", "battery", "window",
        "on_unknown", "relax", "max_deferral", "poll", "while_running", "settle",
    ]

    /// Parses `text`, read from `file`. A policy without `name` is named `defaultName`
    /// (the file's name without `.yaml`). Throws the file's first error by line.
    public static func parse(_ text: String, file: String, defaultName: String) throws(PolicyError) -> Policy
    {
        let (policy, errors) = check(text, file: file, defaultName: defaultName)
        guard let policy else { throw errors[0] }
        return policy
    }

    /// Every error of `text` in line order, as a compiler lists them: one for each key that
    /// is wrong (the first inside it), or the one syntax error that stops the reading; and
    /// the policy when there is none.
    public static func check(
        _ text: String,
        file: String,
        defaultName: String
    ) -> (
        policy: Policy?, errors: [PolicyError]
    ) {
        let fields = YAMLFields(file: file)
        let map: Node.Mapping
        do throws(PolicyError) {
            let root = try YAMLDocument.compose(text, file: file)
            guard let root, !(root.scalar.map(YAMLFields.isNull) ?? false) else {
                throw fields.error(
                    at: root,
                    "the file is empty; a policy needs at least one rule, like \"min_gap: 6h\""
                )
            }
            map = try fields.mapping(root, "a policy must be a mapping of rules, like \"min_gap: 6h\"")
        } catch {
            return (nil, [error])
        }
        var errors = fields.unknownKeys(map, allowed: keys, in: "a policy")
        var policy = Policy(name: defaultName)
        var failed: Set<String> = []
        func read(_ key: String, _ body: (Node) throws(PolicyError) -> Void) {
            guard let node = map[key] else { return }
            do throws(PolicyError) { try body(node) } catch {
                errors.append(error)
                failed.insert(key)
            }
        }
        read("name") { node throws(PolicyError) in policy.name = try fields.name(node) }
        read("description") { node throws(PolicyError) in
            policy.description = try fields.string(node, key: "description")
        }
        read("min_gap") { node throws(PolicyError) in
            policy.minGap = try fields.duration(node, key: "min_gap", example: "6h")
        }
        read("idle") { node throws(PolicyError) in policy.idle = try idle(node, fields) }
        read("network") { node throws(PolicyError) in policy.network = try network(node, fields) }
        read("load") { node throws(PolicyError) in policy.load = try load(node, fields) }
        read("battery") { node throws(PolicyError) in policy.battery = try battery(node, fields) }
        read("window") { node throws(PolicyError) in policy.window = try windows(node, fields) }
        read("on_unknown") { node throws(PolicyError) in
            policy.onUnknown = try fields.choice(node, key: "on_unknown")
        }
        read("max_deferral") { node throws(PolicyError) in
            policy.maxDeferral = try fields.duration(
                node,
                key: "max_deferral",
                example: "48h",
                minimum: .seconds(1)
            )
        }
        read("relax") { node throws(PolicyError) in
            policy.relax = try relax(node, fields, policy: map, start: policy)
        }
        read("poll") { node throws(PolicyError) in
            policy.poll = try fields.duration(node, key: "poll", example: "60s", minimum: .seconds(1))
        }
        read("while_running") { node throws(PolicyError) in
            policy.whileRunning = try whileRunning(node, fields)
        }
        if policy.whileRunning != nil {
            errors += implicationErrors(policy, map["while_running"], fields, skipping: failed)
        }
        read("settle") { node throws(PolicyError) in
            policy.settle = try fields.duration(node, key: "settle", example: "2m")
        }
        errors.sort { ($0.line, $0.column) < ($1.line, $1.column) }
        return (errors.isEmpty ? policy : nil, errors)
    }

    /// An `idle` rule; `key` names it in errors (`idle`, `relax[0].idle`).
    static func idle(_ node: Node, _ fields: YAMLFields, key: String = "idle") throws(PolicyError) -> IdleRule
    {
        let map = try fields.mapping(node, "\(key) must be a mapping like { min: 10m }")
        try fields.checkKeys(map, allowed: idleKeys, in: key)
        guard let minimum = map["min"] else {
            throw fields.error(at: node, "\(key) needs a \"min\" duration, like { min: 10m }")
        }
        return IdleRule(min: try fields.duration(minimum, key: "\(key).min", example: "10m"))
    }

    /// A `network` rule; `key` names it in errors (`network`, `while_running.network`).
    static func network(
        _ node: Node,
        _ fields: YAMLFields,
        key: String = "network"
    ) throws(PolicyError) -> NetworkRule {
        let map = try fields.mapping(node, "\(key) must be a mapping like { require: unmetered }")
        try fields.checkKeys(map, allowed: networkKeys, in: key)
        guard let requireNode = map["require"] else {
            throw fields.error(
                at: node,
                "\(key) needs \"require\": one of any, online, unmetered, wifi, ethernet"
            )
        }
        var rule = NetworkRule(require: try fields.choice(requireNode, key: "\(key).require"))
        if let ssidNode = map["ssids"] {
            guard [.wifi, .unmetered, .online].contains(rule.require) else {
                throw fields.error(
                    at: ssidNode,
                    "ssids apply to Wi-Fi only; use them with require: wifi, unmetered or online"
                )
            }
            rule.ssids = try fields.strings(ssidNode, key: "\(key).ssids", example: "[\"HomeNet\"]")
        }
        return rule
    }

    /// A `load` rule; `key` names it in errors.
    static func load(_ node: Node, _ fields: YAMLFields, key: String = "load") throws(PolicyError) -> LoadRule
    {
        let map = try fields.mapping(node, "\(key) must be a mapping like { max_per_core: 0.7 }")
        try fields.checkKeys(map, allowed: loadKeys, in: key)
        guard let limit = map["max_per_core"] else {
            throw fields.error(at: node, "\(key) needs \"max_per_core\", like { max_per_core: 0.7 }")
        }
        let value = try fields.number(limit, key: "\(key).max_per_core", example: "0.7")
        guard value > 0 else {
            throw fields.error(at: limit, "\(key).max_per_core must be greater than 0, like 0.7")
        }
        return LoadRule(maxPerCore: value)
    }

    /// A `battery` rule; `key` names it in errors.
    static func battery(
        _ node: Node,
        _ fields: YAMLFields,
        key: String = "battery"
    ) throws(PolicyError) -> BatteryRule {
        let map = try fields.mapping(
            node,
            "\(key) must be a mapping like { on_battery: allow, min_percent: 40 }"
        )
        try fields.checkKeys(map, allowed: batteryKeys, in: key)
        var rule = BatteryRule()
        if let choice = map["on_battery"] {
            rule.onBattery = try fields.choice(choice, key: "\(key).on_battery")
        }
        if let percentNode = map["min_percent"] {
            let percent = try fields.number(percentNode, key: "\(key).min_percent", example: "40")
            guard (0...100).contains(percent) else {
                throw fields.error(
                    at: percentNode,
                    "\(key).min_percent must be between 0 and 100, not \(Verdict.decimal(percent))"
                )
            }
            guard rule.onBattery == .allow else {
                throw fields.error(
                    at: percentNode,
                    "\(key).min_percent has no effect with on_battery: deny; remove one of them"
                )
            }
            rule.minPercent = percent
        }
        return rule
    }

    /// A `window` list; `key` names it in errors.
    static func windows(
        _ node: Node,
        _ fields: YAMLFields,
        key: String = "window"
    ) throws(PolicyError) -> [TimeWindow] {
        let items: [Node]
        if case .sequence(let sequence) = node { items = Array(sequence) } else { items = [node] }
        guard !items.isEmpty else {
            throw fields.error(at: node, "\(key) must list at least one range, like [\"22:00-07:00\"]")
        }
        var windows: [TimeWindow] = []
        for item in items {
            let text = try fields.string(item, key: key)
            guard let window = TimeWindow(text) else {
                throw fields.error(
                    at: item,
                    "\"\(text)\" is not a time window; write HH:MM-HH:MM, like \"22:00-07:00\""
                )
            }
            guard window.start != window.end else {
                throw fields.error(
                    at: item,
                    "\"\(text)\" is empty: it starts where it ends; for all day write \"00:00-24:00\""
                )
            }
            windows.append(window)
        }
        return windows
    }
}
