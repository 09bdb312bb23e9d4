import Foundation
import Yams

/// `while_running.battery`: on battery, stop the sync once the charge is below `minPercent`.
/// On AC power it never stops.
package struct RunningBatteryRule: Sendable, Equatable {
    /// The lowest charge (0–100) the sync may keep running at on battery.
    package var minPercent: Double
}

extension RunningBatteryRule: StopRule {
    static var rule: Verdict.Rule { .battery }
    static let stopKeys = ["min_percent"]
    static let gapField: String? = "min_percent"

    static func parseStop(
        _ node: Node,
        _ fields: YAMLFields,
        key: String
    ) throws(PolicyError) -> RunningBatteryRule {
        let map = try fields.mapping(node, "\(key) must be a mapping like { min_percent: 25 }")
        try fields.checkKeys(map, allowed: stopKeys, in: key)
        guard let percentNode = map["min_percent"] else {
            throw fields.error(at: node, "\(key) needs \"min_percent\", like { min_percent: 25 }")
        }
        let percent = try fields.number(percentNode, key: "\(key).min_percent", example: "25")
        let shown = Verdict.decimal(percent)
        guard (0...100).contains(percent) else {
            throw fields.error(at: percentNode, "\(key).min_percent must be between 0 and 100, not \(shown)")
        }
        return RunningBatteryRule(minPercent: percent)
    }

    var stopYAML: String { "{ min_percent: \(Policy.number(minPercent)) }" }

    var condition: String? { "the battery falls below \(Verdict.spacedPercent(minPercent))" }

    /// On battery below the minimum fails; on AC it passes; without a charge it is unknown.
    func check(_ snapshot: Snapshot) -> (verdict: Verdict, recheckIn: Duration?) {
        let reading = snapshot.battery
        let status: Verdict.Status =
            switch reading {
            case .unknown: .unknown
            case .known(let battery) where !battery.onBattery: .pass
            case .known(let battery):
                battery.percent.map { $0 < minPercent ? .fail : .pass } ?? .unknown
            }
        let asStartRule = BatteryRule(onBattery: .allow, minPercent: minPercent)
        let verdict = Verdict.whileRunning(
            .battery(BatteryFacts(rule: asStartRule, reading: reading)),
            status
        )
        return (verdict, nil)
    }

    /// On battery a sync starts only at a charge the running rule keeps (hysteresis).
    static func gap(_ policy: Policy) -> String? {
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
}

extension WhileRunning {
    /// On battery, the lowest charge the sync may keep running at.
    package var battery: RunningBatteryRule? {
        get { self[RunningBatteryRule.self] }
        set { self[RunningBatteryRule.self] = newValue }
    }
}
