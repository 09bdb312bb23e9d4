/// What the `network` rule judged: the rule, the reading and, when it failed, what was wrong.
struct NetworkFacts: Facts {
    let rule: NetworkRule
    let reading: Reading<NetworkState>
    let problem: NetworkProblem?

    var seen: String { reading.value.map(Verdict.describe) ?? "unknown" }

    var assumedSeen: String {
        guard case .known(let state) = reading else { return seen + " (assumed)" }
        return "metered=\(state.metered.rawValue), \(Verdict.kindName(state)),"
            + " connectivity \(state.connectivity.rawValue) (assumed)"
    }

    var required: String {
        var text =
            switch rule.require {
            case .any: "any network"
            case .online: "online"
            case .unmetered: "online, not metered"
            case .wifi: "online through Wi-Fi"
            case .ethernet: "online through Ethernet"
            }
        if let ssids = rule.ssids {
            text += ", Wi-Fi only on " + ssids.map { "\"\($0)\"" }.joined(separator: " or ")
        }
        return text
    }

    func knownReason(_ status: Verdict.Status) -> String {
        guard let state = reading.value else { return "any network will do" }
        switch problem {
        case nil:
            if rule.require == .any { return "any network will do" }
            return "the network meets the requirement (\(Verdict.kindName(state)))"
        case .offline:
            return "not online (connectivity \(state.connectivity.rawValue))"
        case .metered:
            return "the connection is metered (\(state.metered.rawValue))"
        case .meteredUnknown:
            return "\(state.source) cannot tell whether the connection is metered"
        case .wrongKind:
            return
                "the primary connection is \(Verdict.kindName(state)), not \(rule.require == .wifi ? "Wi-Fi" : "Ethernet")"
        case .ssidNotAllowed:
            return
                "Wi-Fi \(state.ssid.map { "\"\($0)\"" } ?? "with a hidden SSID") is not one of the allowed networks"
        }
    }

    var unknownCause: String {
        switch reading {
        case .unknown(let why): why
        case .known(let state): "\(state.source) cannot tell whether the connection is metered"
        }
    }

    func stopReason(_ verdict: Verdict) -> String? {
        guard case .known(let state) = reading, let problem else { return nil }
        switch problem {
        case .offline:
            return "the network went offline (connectivity \(state.connectivity.rawValue))"
        case .metered:
            return "the network turned metered (\(state.metered.rawValue))"
        case .meteredUnknown:
            return nil
        case .wrongKind:
            let wanted = rule.require == .wifi ? "Wi-Fi" : "Ethernet"
            return "the network changed to \(Verdict.kindName(state)), not \(wanted)"
        case .ssidNotAllowed:
            return "the network changed to \(Verdict.kindName(state)), not one of the allowed networks"
        }
    }
}
