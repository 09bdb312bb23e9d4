import Foundation
import Yams

extension NetworkRule: StopRule {
    static var stopKeys: [String] { keys }
    static let gapField: String? = nil

    static func parseStop(_ node: Node, _ fields: YAMLFields, key: String) throws(PolicyError) -> NetworkRule
    {
        try parse(node, fields, key: key)
    }

    var stopYAML: String { yaml }

    /// `the network turns metered`; nil for `require: any`, which never fails.
    var condition: String? {
        var text: String
        switch require {
        case .any: return nil
        case .online: text = "the network goes offline"
        case .unmetered: text = "the network turns metered"
        case .wifi: text = "the network is no longer Wi-Fi"
        case .ethernet: text = "the network is no longer Ethernet"
        }
        if let ssids {
            text += " or moves to a Wi-Fi other than " + ssids.map { "\"\($0)\"" }.joined(separator: " or ")
        }
        return text
    }

    /// The start rule's judgement, except that an unknown reading never stops the sync.
    func check(_ snapshot: Snapshot) -> (verdict: Verdict, recheckIn: Duration?) {
        let (finding, status) = judge(snapshot.network, at: .distantPast)
        return (Verdict.whileRunning(finding, status), nil)
    }

    /// The network a sync starts on must be one the running rule keeps.
    static func gap(_ policy: Policy) -> String? {
        guard let running = policy.whileRunning?.network else { return nil }
        guard !running.allowsAll(of: policy.network ?? NetworkRule(require: .any)) else { return nil }
        let start =
            policy.network.map { "that network: \($0.yaml) starts" }
            ?? "started without a network rule (on any network)"
        return "while_running.network \(running.yaml) would stop at once a sync \(start), over and"
            + " over; the start rules must imply it, like network: \(running.yaml)"
    }
}

extension WhileRunning {
    /// What the network must stay; the same forms as the start `network` rule.
    package var network: NetworkRule? {
        get { self[NetworkRule.self] }
        set { self[NetworkRule.self] = newValue }
    }
}
