import Foundation
import Yams

/// The `battery` rule: whether a sync may run on battery, and down to what charge.
package struct BatteryRule: Sendable, Equatable {
    /// Whether running on battery is allowed at all.
    package enum OnBattery: String, Sendable, Equatable, CaseIterable {
        /// Syncing on battery is allowed (down to `minPercent`, when set).
        case allow
        /// Syncing only on AC power.
        case deny
    }

    /// Whether running on battery is allowed at all.
    package var onBattery: OnBattery
    /// On battery, the lowest charge (0–100) at which a sync may start.
    package var minPercent: Double?

    /// Creates the rule.
    package init(onBattery: OnBattery = .allow, minPercent: Double? = nil) {
        self.onBattery = onBattery
        self.minPercent = minPercent
    }
}

extension BatteryRule: ReadingRule {
    static var rule: Verdict.Rule { .battery }

    static let keys = ["on_battery", "min_percent"]

    static func parse(_ node: Node, _ fields: YAMLFields, key: String) throws(PolicyError) -> BatteryRule {
        let map = try fields.mapping(
            node,
            "\(key) must be a mapping like { on_battery: allow, min_percent: 40 }"
        )
        try fields.checkKeys(map, allowed: keys, in: key)
        var rule = BatteryRule()
        if let choice = map["on_battery"] {
            rule.onBattery = try fields.choice(choice, key: "\(key).on_battery")
        }
        if let percentNode = map["min_percent"] {
            let percent = try fields.number(percentNode, key: "\(key).min_percent", example: "40")
            guard (0...100).contains(percent) else {
                throw fields.error(
                    at: percentNode,
                    "\(key).min_percent must be between 0 and 100, not \(Verdict.decimal(percent))"
                )
            }
            guard rule.onBattery == .allow else {
                throw fields.error(
                    at: percentNode,
                    "\(key).min_percent has no effect with on_battery: deny; remove one of them"
                )
            }
            rule.minPercent = percent
        }
        return rule
    }

    /// `{ on_battery: allow, min_percent: 40 }`.
    var yaml: String {
        var text = "{ on_battery: \(onBattery.rawValue)"
        if let minPercent { text += ", min_percent: \(Policy.number(minPercent))" }
        return text + " }"
    }

    func allowsAll(of other: BatteryRule) -> Bool {
        switch (onBattery, other.onBattery) {
        case (_, .deny): true
        case (.deny, .allow): false
        case (.allow, .allow): (minPercent ?? 0) <= (other.minPercent ?? 0)
        }
    }

    func judge(_ reading: Reading<BatteryState>, at now: Date) -> (Finding, Verdict.Status) {
        let status: Verdict.Status
        switch reading {
        case .unknown:
            status = .unknown
        case .known(let battery) where !battery.onBattery:
            status = .pass
        case .known(let battery):
            switch (onBattery, minPercent, battery.percent) {
            case (.deny, _, _): status = .fail
            case (.allow, nil, _): status = .pass
            case (.allow, _?, nil): status = .unknown
            case (.allow, let minimum?, let percent?): status = percent >= minimum ? .pass : .fail
            }
        }
        return (.battery(BatteryFacts(rule: self, reading: reading)), status)
    }
}

extension Policy {
    /// Whether and how far down a battery may be used.
    package var battery: BatteryRule? {
        get { self[BatteryRule.self] }
        set { self[BatteryRule.self] = newValue }
    }
}

extension RelaxStep {
    /// The step's `battery` rule, if it changes it.
    package var battery: Change<BatteryRule>? {
        get { self[BatteryRule.self] }
        set { self[BatteryRule.self] = newValue }
    }
}
