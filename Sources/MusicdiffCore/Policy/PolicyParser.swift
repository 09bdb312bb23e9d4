import Foundation
import Yams

/// Reads a policy from YAML, strictly: unknown keys, wrong types and out-of-range values are
/// errors that name the line and column, never silent defaults.
package enum PolicyParser {
    /// The keys a policy may hold: its rules in the order a policy file lists them, among
    /// the settings.
    static let keys =
        ["name", "description"] + Verdict.Rule.fileOrder.map(\.rawValue)
        + ["on_unknown", "relax", "max_deferral", "poll", "while_running", "settle", "early"]

    /// Parses `text`, read from `file`. A policy without `name` is named `defaultName`
    /// (the file's name without `.yaml`). Throws the file's first error by line.
    package static func parse(_ text: String, file: String, defaultName: String) throws(PolicyError) -> Policy
    {
        let (policy, errors) = check(text, file: file, defaultName: defaultName)
        guard let policy else { throw errors[0] }
        return policy
    }

    /// Every error of `text` in line order, as a compiler lists them: one for each key that
    /// is wrong (the first inside it), or the one syntax error that stops the reading; and
    /// the policy when there is none.
    package static func check(
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
        for (rule, type) in Verdict.Rule.relaxable {
            read(rule.rawValue) { node throws(PolicyError) in try self.rule(type, node, fields, into: &policy)
            }
        }
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
        read("early") { node throws(PolicyError) in
            policy.early = try fields.duration(node, key: "early", example: "2h", minimum: .seconds(1))
        }
        errors.sort { ($0.line, $0.column) < ($1.line, $1.column) }
        return (errors.isEmpty ? policy : nil, errors)
    }

    /// Reads the rule `Rule` from `node` into `policy`.
    static func rule<Rule: RelaxableRule>(
        _: Rule.Type,
        _ node: Node,
        _ fields: YAMLFields,
        into policy: inout Policy
    ) throws(PolicyError) {
        policy[Rule.self] = try Rule.parse(node, fields, key: Rule.rule.rawValue)
    }
}
