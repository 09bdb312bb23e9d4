/// What the `battery` rule (or its `while_running` form) judged: the rule and the reading.
struct BatteryFacts: Facts {
    let rule: BatteryRule
    let reading: Reading<BatteryState>

    var seen: String {
        guard case .known(let battery) = reading else { return "unknown" }
        var text = battery.onBattery ? "on battery" : "on AC"
        if let percent = battery.percent { text += ", \(Verdict.percent(percent))" }
        return text
    }

    var required: String {
        switch (rule.onBattery, rule.minPercent) {
        case (.deny, _): "AC"
        case (.allow, nil): "AC or battery"
        case (.allow, let minimum?): "AC or >= \(Verdict.percent(minimum))"
        }
    }

    func knownReason(_ status: Verdict.Status) -> String {
        guard let battery = reading.value, battery.onBattery else { return "running on AC power" }
        let charge = battery.percent.map { " at \(Verdict.percent($0))" } ?? ""
        switch (rule.onBattery, rule.minPercent) {
        case (.deny, _): return "on battery\(charge), and the policy syncs only on AC"
        case (.allow, nil): return "on battery\(charge), which the policy allows"
        case (.allow, let minimum?):
            let relation = status == .pass ? "at least" : "below"
            return "on battery\(charge), \(relation) \(Verdict.percent(minimum))"
        }
    }

    var unknownCause: String {
        switch reading {
        case .unknown(let why): why
        case .known(let battery): "\(battery.source) reports no battery charge"
        }
    }

    func stopReason(_ verdict: Verdict) -> String? {
        guard case .known(let battery) = reading else { return nil }
        let charge = battery.percent.map { Verdict.spacedPercent($0) } ?? "an unknown charge"
        let minimum = rule.minPercent.map { ", below \(Verdict.spacedPercent($0))" } ?? ""
        return "battery fell to \(charge)\(minimum)"
    }
}
