extension Verdict {
    /// For a failed `while_running` rule, why the sync was stopped, worded for the log and the
    /// run record: `the network turned metered (yes)`, `battery fell to 22 %, below 25 %`,
    /// `the user has been active for 45s (limit 30s)`. Nil when the rule did not fail.
    var stopReason: String? {
        guard status == .fail else { return nil }
        switch finding {
        case .network(let rule, .known(let state), let problem?):
            switch problem {
            case .offline:
                return "the network went offline (connectivity \(state.connectivity.rawValue))"
            case .metered:
                return "the network turned metered (\(state.metered.rawValue))"
            case .meteredUnknown:
                return reason
            case .wrongKind:
                let wanted = rule.require == .wifi ? "Wi-Fi" : "Ethernet"
                return "the network changed to \(Self.kindName(state)), not \(wanted)"
            case .ssidNotAllowed:
                return "the network changed to \(Self.kindName(state)), not one of the allowed networks"
            }
        case .battery(let rule, .known(let battery)):
            let charge = battery.percent.map { Self.spacedPercent($0) } ?? "an unknown charge"
            let minimum = rule.minPercent.map { ", below \(Self.spacedPercent($0))" } ?? ""
            return "battery fell to \(charge)\(minimum)"
        case .active(let limit, .known(let activity)):
            let activeFor = DurationText.format(activity.activeFor ?? .zero)
            return "the user has been active for \(activeFor) (limit \(DurationText.format(limit)))"
        default:
            return reason
        }
    }

    /// `22 %`, `24.5 %`: a charge as the run log words it, with up to two decimals so that a
    /// charge just below a limit never prints as the limit.
    static func spacedPercent(_ value: Double) -> String { "\(decimal(value)) %" }
}
