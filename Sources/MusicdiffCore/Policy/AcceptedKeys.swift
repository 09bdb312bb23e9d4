/// Every key that `config.yaml` and policies accept, by the mapping that holds it: the same
/// lists the parsers check against, gathered so that a test can walk them all and demand an
/// observable effect of each (no key may be accepted and then ignored).
package enum AcceptedKeys {
    /// The keys of each mapping of a policy; `""` is the top level. Each rule's keys come from
    /// the rule itself, for the rule, its relax form and its `while_running` form.
    package static let policy: [String: [String]] = {
        var table: [String: [String]] = [
            "": PolicyParser.keys, "while_running": PolicyParser.whileRunningKeys,
            "relax": PolicyParser.relaxKeys,
        ]
        for (rule, type) in Verdict.Rule.relaxable where !type.keys.isEmpty {
            table[rule.rawValue] = type.keys
            table["relax.\(rule.rawValue)"] = type.relaxKeys
        }
        for (rule, type) in Verdict.Rule.stopRules where !type.stopKeys.isEmpty {
            table["while_running.\(rule.rawValue)"] = type.stopKeys
        }
        return table
    }()

    /// The keys of each mapping of `config.yaml`; `""` is the top level.
    package static let config: [String: [String]] = [
        "": ConfigParser.sections,
        "daemon": ConfigParser.daemonKeys,
        "daemon.email": ConfigParser.emailKeys,
        "sync": ConfigParser.syncKeys,
    ]

    /// The keys that hold values (not mappings), dotted: `idle.min`, `daemon.email.port`.
    package static func leaves(_ table: [String: [String]]) -> [String] {
        table.flatMap { prefix, keys in
            keys.map { prefix.isEmpty ? $0 : "\(prefix).\($0)" }.filter { table[$0] == nil }
        }
        .sorted()
    }
}
