import Yams

extension PolicyParser {
    /// The keys a `relax` step may hold: when it begins, and the rules it replaces or drops.
    static let relaxKeys = ["after"] + RelaxStep.order.map(\.rawValue)

    /// The `relax` ladder: a list of steps in increasing `after`, each below `max_deferral`,
    /// each changing at least one rule that `policy` (the top-level mapping) holds, and each
    /// loosening what it changes: `start` holds the start rules read so far.
    static func relax(
        _ node: Node,
        _ fields: YAMLFields,
        policy: Node.Mapping,
        start: Policy
    ) throws(PolicyError) -> [RelaxStep] {
        let maxDeferral = start.maxDeferral
        let example = "[{ after: 24h, network: { require: online } }]"
        guard case .sequence(let sequence) = node, !sequence.isEmpty else {
            throw fields.error(at: node, "relax must be a list of steps, like \(example)")
        }
        var steps: [RelaxStep] = []
        // Durations in errors as the user wrote them (`3d` stays `3d`).
        var afters: [String] = []
        var dropped: [String: String] = [:]
        for (index, item) in sequence.enumerated() {
            let key = "relax[\(index)]"
            let step = try relaxStep(item, fields, key: key, policy: policy)
            let after = fields.written(item.mapping?["after"]) ?? DurationText.hours(step.after)
            if let previous = steps.last, step.after <= previous.after {
                throw fields.error(
                    at: item.mapping?["after"],
                    "\(key).after \(after) must be later than the step before"
                        + " (\(afters.last ?? DurationText.hours(previous.after))); list the steps in increasing after"
                )
            }
            if let limit = maxDeferral, step.after >= limit {
                let written = fields.written(policy["max_deferral"]) ?? DurationText.hours(limit)
                throw fields.error(
                    at: item.mapping?["after"],
                    "\(key).after \(after) must be below max_deferral \(written),"
                        + " which waives every rule but min_gap anyway"
                )
            }
            for rule in Verdict.Rule.allCases where step.changes(rule) {
                if let off = dropped[rule.rawValue] {
                    throw fields.error(
                        at: item.mapping?[rule.rawValue],
                        "\(key).\(rule.rawValue): the step at \(off) turned"
                            + " \(rule.rawValue) off; a later step cannot bring it back"
                    )
                }
            }
            var before = start
            before.relax = steps
            if let error = tightening(
                step,
                before,
                item,
                fields,
                key
            ) {
                throw error
            }
            for (rule, isOff) in offRules(step) where isOff { dropped[rule] = after }
            steps.append(step)
            afters.append(after)
        }
        return steps
    }

    /// One step: `after` and the rules it changes, each `off` or a rule in its usual form.
    static func relaxStep(
        _ node: Node,
        _ fields: YAMLFields,
        key: String,
        policy: Node.Mapping
    ) throws(PolicyError) -> RelaxStep {
        let map = try fields.mapping(
            node,
            "\(key) must be a mapping like { after: 24h, network: { require: online } }"
        )
        if let gap = map["min_gap"] {
            throw fields.error(
                at: gap,
                "min_gap cannot be relaxed: it keeps syncs apart even past max_deferral"
            )
        }
        try fields.checkKeys(map, allowed: relaxKeys, in: key)
        guard let afterNode = map["after"] else {
            throw fields.error(
                at: node,
                "\(key) needs \"after\": how long overdue it begins, like after: 24h"
            )
        }
        var step = RelaxStep(
            after: try fields.duration(afterNode, key: "\(key).after", example: "24h", minimum: .seconds(1))
        )
        for rule in RelaxStep.order {
            guard let ruleNode = map[rule.rawValue], let type = rule.parts.relaxed else { continue }
            guard policy[rule.rawValue] != nil else {
                throw fields.error(
                    at: map.keys.first { $0.string == rule.rawValue } ?? ruleNode,
                    "\(key).\(rule.rawValue): the policy has no \(rule.rawValue) rule to relax; a step can only replace"
                        + " or turn off a rule the policy holds"
                )
            }
            try change(type, ruleNode, fields, key: "\(key).\(rule.rawValue)", into: &step)
        }
        guard map.count > 1 else {
            throw fields.error(
                at: node,
                "\(key) changes nothing; give a rule to replace, like network: { require: online }, or one to turn off, like idle: off"
            )
        }
        return step
    }

    /// The error for the first rule `step` replaces with a stricter one than `before` holds
    /// once its ladder is all reached (a ladder asks less as a sync waits, never more), at that
    /// rule in `item`; nil when none.
    static func tightening(
        _ step: RelaxStep,
        _ before: Policy,
        _ item: Node,
        _ fields: YAMLFields,
        _ key: String
    ) -> PolicyError? {
        let rules = RulesInForce(before, overdue: before.relax.last?.after)
        func check<Rule: RelaxableRule>(_: Rule.Type) -> PolicyError? {
            guard case .replace(let rule)? = step[Rule.self],
                let old = rules[Rule.self, in: before],
                !rule.allowsAll(of: old)
            else { return nil }
            let name = Rule.rule.rawValue
            return fields.error(
                at: item.mapping?[name],
                "\(key).\(name) \(rule.yaml) does not allow all that \(name): \(old.yaml) before it allowed;"
                    + " a step may only loosen a rule (a ladder asks less the longer a sync waits)"
            )
        }
        for rule in RelaxStep.order {
            if let type = rule.parts.relaxed, let error = check(type) { return error }
        }
        return nil
    }

    /// Reads a step's change to `Rule`: `off`, or the rule in its usual form.
    private static func change<Rule: RelaxableRule>(
        _: Rule.Type,
        _ node: Node,
        _ fields: YAMLFields,
        key: String,
        into step: inout RelaxStep
    ) throws(PolicyError) {
        step[Rule.self] = isOff(node) ? .off : .replace(try Rule.parse(node, fields, key: key))
    }

    /// Whether `node` is the plain word `off`.
    static func isOff(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node else { return false }
        return scalar.string == "off" && (scalar.style == .plain || scalar.style == .any)
    }

    /// Which rules `step` turns off, by name.
    static func offRules(_ step: RelaxStep) -> [(String, Bool)] {
        RelaxStep.order.map { ($0.rawValue, step.turnsOff($0)) }
    }
}
