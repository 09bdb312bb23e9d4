import Foundation

extension Verdict {
    /// The reason of a verdict whose reading was known.
    var knownReason: String {
        switch finding {
        case .minGap(let gap, let last, let elapsed, _):
            guard case .known(.at) = last, let elapsed else { return "no sync recorded yet" }
            let ago = "the last successful sync was \(DurationText.format(elapsed)) ago"
            if status == .pass { return "\(ago), at least \(DurationText.format(gap))" }
            return "\(ago), less than \(DurationText.format(gap)); allowed again in "
                + DurationText.format(gap - elapsed)
        case .window(let windows, let second, let opensIn):
            let now = TimeWindow.clock(second / 60)
            let list = windows.map(\.description).joined(separator: " or ")
            if status == .pass { return "\(now) is inside \(list)" }
            return "\(now) is outside \(list); the next window opens in "
                + DurationText.format(.seconds(opensIn))
        case .idle(let minimum, let reading, let idleFor):
            let idleFor = DurationText.format(idleFor ?? .zero)
            if reading.value?.idleSince == nil { return "the user is active now" }
            if status == .pass {
                return "the user has been idle \(idleFor), at least \(DurationText.format(minimum))"
            }
            return "the user has been idle only \(idleFor), less than \(DurationText.format(minimum))"
        case .network(let rule, let reading, let problem):
            return networkReason(rule, reading.value, problem)
        case .load(let rule, let reading):
            let load = Self.decimal(reading.value?.perCore ?? 0)
            let limit = Self.decimal(rule.maxPerCore)
            if status == .pass { return "load \(load) per core is within \(limit)" }
            return "load \(load) per core is above \(limit)"
        case .battery(let rule, let reading):
            guard let battery = reading.value, battery.onBattery else { return "running on AC power" }
            let charge = battery.percent.map { " at \(Self.percent($0))" } ?? ""
            switch (rule.onBattery, rule.minPercent) {
            case (.deny, _): return "on battery\(charge), and the policy syncs only on AC"
            case (.allow, nil): return "on battery\(charge), which the policy allows"
            case (.allow, let minimum?):
                let relation = status == .pass ? "at least" : "below"
                return "on battery\(charge), \(relation) \(Self.percent(minimum))"
            }
        case .active(let limit, let reading):
            guard let activeFor = reading.value?.activeFor else { return "the user is away" }
            let relation = status == .pass ? "less than" : "at least"
            return "the user has been active for \(DurationText.format(activeFor)), "
                + "\(relation) \(DurationText.format(limit))"
        }
    }

    private func networkReason(
        _ rule: NetworkRule,
        _ state: NetworkState?,
        _ problem: NetworkProblem?
    ) -> String {
        guard let state else { return "any network will do" }
        switch problem {
        case nil:
            if rule.require == .any { return "any network will do" }
            return "the network meets the requirement (\(Self.kindName(state)))"
        case .offline:
            return "not online (connectivity \(state.connectivity.rawValue))"
        case .metered:
            return "the connection is metered (\(state.metered.rawValue))"
        case .meteredUnknown:
            return "\(state.source) cannot tell whether the connection is metered"
        case .wrongKind:
            return
                "the primary connection is \(Self.kindName(state)), not \(rule.require == .wifi ? "Wi-Fi" : "Ethernet")"
        case .ssidNotAllowed:
            return
                "Wi-Fi \(state.ssid.map { "\"\($0)\"" } ?? "with a hidden SSID") is not one of the allowed networks"
        }
    }

    /// `NetworkManager: metered=guess-yes, wifi "HomeNet", connectivity full`.
    static func describe(_ state: NetworkState) -> String {
        "\(state.source): metered=\(state.metered.rawValue), \(kindName(state)), connectivity \(state.connectivity.rawValue)"
    }

    static func kindName(_ state: NetworkState) -> String {
        switch state.primary {
        case .none: "no connection"
        case .wifi: state.ssid.map { "Wi-Fi \"\($0)\"" } ?? "Wi-Fi"
        case .ethernet: "Ethernet"
        case .other(let type): type
        }
    }

    /// A number with at most two decimals: `0.7`, `1.25`, `2`; one too large for that, as Swift
    /// prints it (`1e+300`).
    static func decimal(_ value: Double) -> String {
        guard let hundredths = Int(exactly: (value * 100).rounded()) else { return "\(value)" }
        let whole = "\(hundredths / 100)"
        let fraction = abs(hundredths % 100)
        if fraction == 0 { return whole }
        let digits =
            fraction < 10 ? "0\(fraction)" : (fraction % 10 == 0 ? "\(fraction / 10)" : "\(fraction)")
        return whole + "." + digits
    }

    /// `23%`, rounded to a whole percent.
    static func percent(_ value: Double) -> String {
        Int(exactly: value.rounded()).map { "\($0)%" } ?? "\(value)%"
    }
}
