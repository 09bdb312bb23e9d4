/// How a `while_running` rule must follow from the start rules: a rule that could fail on a
/// reading the start rules allow stops a sync they have just started, and the daemon would
/// start and stop it over and over. One entry per rule; a new `while_running` rule adds its
/// entry to ``all``, and the parser refuses every policy an entry finds a gap in.
struct StopImplication: Sendable {
    /// The rule's key, in `while_running` and among the start rules (`network`).
    let key: String
    /// The key inside the rule that an error points at; nil for the rule itself.
    let field: String?
    /// Why `policy`'s start rules do not imply its `while_running` rule, in words that say
    /// what to change; nil when they do, or when the policy has no such rule.
    let gap: @Sendable (Policy) -> String?

    /// Every `while_running` rule's implication.
    static let all: [StopImplication] = [.network, .battery, .idle]

    /// The network a sync starts on must be one the running rule keeps.
    static let network = StopImplication(key: "network", field: nil) { policy in
        guard let running = policy.whileRunning?.network else { return nil }
        guard !running.allowsAll(of: policy.network ?? NetworkRule(require: .any)) else { return nil }
        let start =
            policy.network.map { "that network: \(Policy.yaml($0)) starts" }
            ?? "started without a network rule (on any network)"
        return "while_running.network \(Policy.yaml(running)) would stop at once a sync \(start), over and"
            + " over; the start rules must imply it, like network: \(Policy.yaml(running))"
    }

    /// On battery a sync starts only at a charge the running rule keeps (hysteresis).
    static let battery = StopImplication(key: "battery", field: "min_percent") { policy in
        guard let running = policy.whileRunning?.battery else { return nil }
        let asStart = BatteryRule(onBattery: .allow, minPercent: running.minPercent)
        guard !asStart.allowsAll(of: policy.battery ?? BatteryRule()) else { return nil }
        let key = "while_running.battery.min_percent"
        let shown = Verdict.decimal(running.minPercent)
        let hysteresis = "hysteresis needs the stop threshold at or below the start's"
        guard let minimum = policy.battery?.minPercent else {
            return "\(key) \(shown) is above the start's threshold: without battery.min_percent a sync"
                + " starts at any charge; \(hysteresis), so add battery: { min_percent: \(shown) } or more"
        }
        return "\(key) \(shown) is above the start rule's battery.min_percent \(Verdict.decimal(minimum));"
            + " \(hysteresis)"
    }

    /// A sync that stops once the user is active starts only while the user is away.
    static let idle = StopImplication(key: "idle", field: nil) { policy in
        guard let running = policy.whileRunning?.idle else { return nil }
        if let start = policy.idle, start.min > .zero { return nil }
        let start =
            policy.idle == nil ? "without an idle rule" : "with idle: { min: 0s }"
        return "while_running.idle stops a sync once the user has been active for"
            + " \(DurationText.format(running.activeFor)), but \(start) a sync starts while the user is"
            + " active, so it would start and stop over and over; add a start rule like idle: { min: 5m }"
    }
}
