import Foundation
import Yams

extension NetworkRule: ReadingRule {
    static var rule: Verdict.Rule { .network }

    static let keys = ["require", "ssids"]

    static func parse(_ node: Node, _ fields: YAMLFields, key: String) throws(PolicyError) -> NetworkRule {
        let map = try fields.mapping(node, "\(key) must be a mapping like { require: unmetered }")
        try fields.checkKeys(map, allowed: keys, in: key)
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

    /// A network rule as a flow mapping: `{ require: wifi, ssids: ["HomeNet"] }`.
    var yaml: String {
        var text = "{ require: \(require.rawValue)"
        if let ssids { text += ", ssids: [\(ssids.map(Policy.quoted).joined(separator: ", "))]" }
        return text + " }"
    }

    /// The kinds follow ``problem(_:)``: `any` allows every state, `online` every online one,
    /// and `unmetered`, `wifi` and `ethernet` only their own kind; `ssids` then narrow the
    /// Wi-Fi networks.
    func allowsAll(of other: NetworkRule) -> Bool {
        let kinds: Bool =
            switch require {
            case .any: true
            case .online: other.require != .any
            case .unmetered, .wifi, .ethernet: other.require == require
            }
        guard kinds, require != .any, let ssids else { return kinds }
        // Every Wi-Fi network `other` allows must be one of ours; Ethernet has no SSID.
        guard other.require != .ethernet else { return true }
        return other.ssids.map { Set($0).isSubset(of: ssids) } ?? false
    }

    func judge(_ reading: Reading<NetworkState>, at now: Date) -> (Finding, Verdict.Status) {
        let problem: NetworkProblem?
        let status: Verdict.Status
        switch reading {
        case .unknown:
            (problem, status) = (nil, require == .any ? .pass : .unknown)
        case .known(let state):
            problem = self.problem(state)
            switch problem {
            case nil: status = .pass
            case .meteredUnknown: status = .unknown
            case .offline, .metered, .wrongKind, .ssidNotAllowed: status = .fail
            }
        }
        return (.network(NetworkFacts(rule: self, reading: reading, problem: problem)), status)
    }

    /// What keeps `state` from meeting the rule, or nil when it meets it.
    func problem(_ state: NetworkState) -> NetworkProblem? {
        if require == .any { return nil }
        if !state.isOnline { return .offline }
        switch require {
        case .any, .online: break
        case .unmetered:
            if state.metered == .unknown { return .meteredUnknown }
            if !state.metered.isUnmetered { return .metered }
        case .wifi:
            if state.primary != .wifi { return .wrongKind }
        case .ethernet:
            if state.primary != .ethernet { return .wrongKind }
        }
        if let ssids, state.primary == .wifi {
            guard let ssid = state.ssid, ssids.contains(ssid) else { return .ssidNotAllowed }
        }
        return nil
    }
}

/// Why a network failed its rule.
enum NetworkProblem: Sendable, Equatable {
    case offline
    case metered
    case meteredUnknown
    case wrongKind
    case ssidNotAllowed
}

extension Policy {
    /// What kind of network the sync may use.
    package var network: NetworkRule? {
        get { self[NetworkRule.self] }
        set { self[NetworkRule.self] = newValue }
    }
}

extension RelaxStep {
    /// The step's `network` rule, if it changes it.
    package var network: Change<NetworkRule>? {
        get { self[NetworkRule.self] }
        set { self[NetworkRule.self] = newValue }
    }
}
