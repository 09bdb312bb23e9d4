import Foundation
import Yams

/// `while_running.idle`: stop the sync once the user has been active at least `activeFor`
/// (see ``ActivityState`` for what counts as active).
package struct ActiveRule: Sendable, Equatable {
    /// How long the user may be active before the sync stops.
    package var activeFor: Duration
}

extension ActiveRule: StopRule {
    static var rule: Verdict.Rule { .idle }
    static let stopKeys = ["active_for"]
    static let gapField: String? = nil

    static func parseStop(_ node: Node, _ fields: YAMLFields, key: String) throws(PolicyError) -> ActiveRule {
        let map = try fields.mapping(node, "\(key) must be a mapping like { active_for: 30s }")
        try fields.checkKeys(map, allowed: stopKeys, in: key)
        guard let limit = map["active_for"] else {
            throw fields.error(at: node, "\(key) needs an \"active_for\" duration, like { active_for: 30s }")
        }
        let activeFor = try fields.duration(
            limit,
            key: "\(key).active_for",
            example: "30s",
            minimum: .seconds(1)
        )
        return ActiveRule(activeFor: activeFor)
    }

    var stopYAML: String { "{ active_for: \(DurationText.hours(activeFor)) }" }

    var condition: String? { "the user is active for \(DurationText.hours(activeFor))" }

    /// Fails once the user has been active at least `active_for`; the activity comes from
    /// ``Snapshot/activity``, which the caller keeps with an ``ActivityTracker``.
    func check(_ snapshot: Snapshot) -> (verdict: Verdict, recheckIn: Duration?) {
        let reading = snapshot.activity
        let status: Verdict.Status =
            switch reading {
            case .unknown: .unknown
            case .known(let activity): (activity.activeFor ?? .zero) >= activeFor ? .fail : .pass
            }
        let verdict = Verdict.whileRunning(.active(ActiveFacts(limit: activeFor, reading: reading)), status)
        let recheckIn = reading.value?.activeFor.flatMap { $0 < activeFor ? activeFor - $0 : nil }
        return (verdict, recheckIn)
    }

    /// A sync that stops once the user is active starts only while the user is away.
    static func gap(_ policy: Policy) -> String? {
        guard let running = policy.whileRunning?.idle else { return nil }
        if let start = policy.idle, start.min > .zero { return nil }
        let start = policy.idle == nil ? "without an idle rule" : "with idle: { min: 0s }"
        return "while_running.idle stops a sync once the user has been active for"
            + " \(DurationText.hours(running.activeFor)), but \(start) a sync starts while the user is"
            + " active, so it would start and stop over and over; add a start rule like idle: { min: 5m }"
    }
}

/// What `while_running.idle` judged: the longest activity allowed and the activity reading.
struct ActiveFacts: Facts {
    let limit: Duration
    let reading: Reading<ActivityState>

    var seen: String {
        guard case .known(let activity) = reading else { return "unknown" }
        guard let activeFor = activity.activeFor else { return "away (\(activity.source))" }
        return "active \(DurationText.format(activeFor)) (\(activity.source))"
    }

    var required: String { "active < \(DurationText.hours(limit))" }

    func knownReason(_ status: Verdict.Status) -> String {
        guard let activeFor = reading.value?.activeFor else { return "the user is away" }
        let relation = status == .pass ? "less than" : "at least"
        return "the user has been active for \(DurationText.format(activeFor)), "
            + "\(relation) \(DurationText.hours(limit))"
    }

    var unknownCause: String { reading.unknownReason ?? "the reading is unknown" }

    func stopReason(_ verdict: Verdict) -> String? {
        guard case .known(let activity) = reading else { return nil }
        let activeFor = DurationText.format(activity.activeFor ?? .zero)
        return "the user has been active for \(activeFor) (limit \(DurationText.hours(limit)))"
    }
}

extension WhileRunning {
    /// How long the user may be active before the sync stops.
    package var idle: ActiveRule? {
        get { self[ActiveRule.self] }
        set { self[ActiveRule.self] = newValue }
    }
}
