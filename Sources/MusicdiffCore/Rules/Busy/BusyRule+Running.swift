import Foundation
import Yams

extension BusyRule: StopRule {
    static var stopKeys: [String] { keys }
    static let gapField: String? = nil

    static func parseStop(_ node: Node, _ fields: YAMLFields, key: String) throws(PolicyError) -> BusyRule {
        try parse(node, fields, key: key)
    }

    var stopYAML: String { yaml }

    /// `a camera or microphone is in use`.
    var condition: String? {
        let names = kinds.map(\.rawValue)
        return "a " + (names.count > 1 ? names.dropLast().joined(separator: ", ") + " or " : "")
            + names[names.count - 1] + " is in use"
    }

    /// The start rule's judgement, except that an unknown reading never stops the sync. The
    /// camera and microphone send no signal, so they are looked at again each second.
    func check(_ snapshot: Snapshot) -> (verdict: Verdict, recheckIn: Duration?) {
        let (finding, status) = judge(snapshot.busy, at: .distantPast)
        let polled = kinds.contains(.camera) || kinds.contains(.microphone)
        return (
            Verdict.whileRunning(finding, status),
            polled ? .seconds(1) : nil
        )
    }

    /// A kind the running rule looks for must be one the start rule looks for too, or a sync
    /// would start while it is in use and stop at once, over and over.
    static func gap(_ policy: Policy) -> String? {
        guard let running = policy.whileRunning?.busy else { return nil }
        let start = policy.busy ?? BusyRule([])
        let missing = running.kinds.filter { !start.kinds.contains($0) }
        guard !missing.isEmpty else { return nil }
        return "while_running.busy \(running.yaml) would stop at once a sync started while"
            + " \(missing.map(\.rawValue).joined(separator: " or ")) is in use;"
            + " the start rules must look for it too, like busy: \(running.yaml)"
    }
}

extension Policy {
    /// The kinds of busyness the policy's rules look for: its `busy` rule's, its relax
    /// steps', and its `while_running.busy`'s.
    package var busyKinds: Set<BusyKind> {
        var kinds = Set(busy?.kinds ?? [])
        for step in relax { if case .replace(let rule)? = step.busy { kinds.formUnion(rule.kinds) } }
        kinds.formUnion(whileRunning?.busy?.kinds ?? [])
        return kinds
    }
}

extension WhileRunning {
    /// The ways of being busy that stop a running sync.
    package var busy: BusyRule? {
        get { self[BusyRule.self] }
        set { self[BusyRule.self] = newValue }
    }
}
