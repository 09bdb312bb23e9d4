import Foundation
import Yams

extension PowerProfileRule: StopRule {
    static var stopKeys: [String] { keys }
    static let gapField: String? = "deny"

    static func parseStop(
        _ node: Node,
        _ fields: YAMLFields,
        key: String
    ) throws(PolicyError) -> PowerProfileRule {
        try parse(node, fields, key: key)
    }

    var stopYAML: String { yaml }

    /// `the user picks power-saver`.
    var condition: String? {
        "the user picks " + deny.map(\.rawValue).joined(separator: " or ")
    }

    /// The start rule's judgement, except that an unknown reading never stops the sync.
    func check(_ snapshot: Snapshot) -> (verdict: Verdict, recheckIn: Duration?) {
        let (finding, status) = judge(snapshot.powerProfile, at: .distantPast)
        return (Verdict.whileRunning(finding, status), nil)
    }

    /// A profile the running rule denies must be one the start rule denies too, or a sync
    /// would start in it and stop at once, over and over.
    static func gap(_ policy: Policy) -> String? {
        guard let running = policy.whileRunning?.powerProfile else { return nil }
        let start = policy.powerProfile ?? PowerProfileRule(deny: [])
        guard !Set(running.deny).isSubset(of: start.deny) else { return nil }
        return "while_running.power_profile \(running.yaml) would stop at once a sync started in"
            + " \(running.deny.filter { !start.deny.contains($0) }.map(\.rawValue).joined(separator: " or "));"
            + " the start rules must deny it too, like power_profile: \(running.yaml)"
    }
}

extension WhileRunning {
    /// The power profiles that stop a running sync.
    package var powerProfile: PowerProfileRule? {
        get { self[PowerProfileRule.self] }
        set { self[PowerProfileRule.self] = newValue }
    }
}
