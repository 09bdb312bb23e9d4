import Foundation
import Yams

/// The `load` rule: the 1-minute load average divided by online CPUs is at most `maxPerCore`.
package struct LoadRule: Sendable, Equatable {
    /// The highest load per core at which a sync may start.
    package var maxPerCore: Double
}

extension LoadRule: ReadingRule {
    static var rule: Verdict.Rule { .load }

    static let keys = ["max_per_core"]

    static func parse(_ node: Node, _ fields: YAMLFields, key: String) throws(PolicyError) -> LoadRule {
        let map = try fields.mapping(node, "\(key) must be a mapping like { max_per_core: 0.7 }")
        try fields.checkKeys(map, allowed: keys, in: key)
        guard let limit = map["max_per_core"] else {
            throw fields.error(at: node, "\(key) needs \"max_per_core\", like { max_per_core: 0.7 }")
        }
        let value = try fields.number(limit, key: "\(key).max_per_core", example: "0.7")
        guard value > 0 else {
            throw fields.error(at: limit, "\(key).max_per_core must be greater than 0, like 0.7")
        }
        return LoadRule(maxPerCore: value)
    }

    /// `{ max_per_core: 0.7 }`.
    var yaml: String { "{ max_per_core: \(Policy.number(maxPerCore)) }" }

    func allowsAll(of other: LoadRule) -> Bool { maxPerCore >= other.maxPerCore }

    func judge(_ reading: Reading<LoadState>, at now: Date) -> (Finding, Verdict.Status) {
        let status: Verdict.Status =
            switch reading {
            case .unknown: .unknown
            case .known(let load): load.perCore <= maxPerCore ? .pass : .fail
            }
        return (.load(LoadFacts(rule: self, reading: reading)), status)
    }
}

/// What the `load` rule judged: the rule and the reading.
struct LoadFacts: Facts {
    let rule: LoadRule
    let reading: Reading<LoadState>

    var seen: String {
        guard case .known(let load) = reading else { return "unknown" }
        return
            "\(Verdict.decimal(load.perCore)) per core (\(Verdict.decimal(load.oneMinute)) / \(load.cpus) CPUs)"
    }

    var assumedSeen: String {
        guard case .known(let load) = reading else { return "unknown (assumed)" }
        return "\(Verdict.decimal(load.perCore)) per core (assumed)"
    }

    var required: String { "<= \(Verdict.decimal(rule.maxPerCore)) per core" }

    func knownReason(_ status: Verdict.Status) -> String {
        let load = Verdict.decimal(reading.value?.perCore ?? 0)
        let limit = Verdict.decimal(rule.maxPerCore)
        if status == .pass { return "load \(load) per core is within \(limit)" }
        return "load \(load) per core is above \(limit)"
    }

    var unknownCause: String { reading.unknownReason ?? "the reading is unknown" }
}

extension Policy {
    /// The highest load per online CPU a sync may start at.
    package var load: LoadRule? {
        get { self[LoadRule.self] }
        set { self[LoadRule.self] = newValue }
    }
}

extension RelaxStep {
    /// The step's `load` rule, if it changes it.
    package var load: Change<LoadRule>? {
        get { self[LoadRule.self] }
        set { self[LoadRule.self] = newValue }
    }
}
