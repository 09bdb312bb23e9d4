import Foundation
import Yams

/// The `idle` rule: the user has been idle at least `min`.
package struct IdleRule: Sendable, Equatable {
    /// The shortest idle time at which a sync may start.
    package var min: Duration
    /// Creates the rule.
    package init(min: Duration) { self.min = min }
}

extension IdleRule: ReadingRule {
    static var rule: Verdict.Rule { .idle }

    static let keys = ["min"]

    static func parse(_ node: Node, _ fields: YAMLFields, key: String) throws(PolicyError) -> IdleRule {
        let map = try fields.mapping(node, "\(key) must be a mapping like { min: 10m }")
        try fields.checkKeys(map, allowed: keys, in: key)
        guard let minimum = map["min"] else {
            throw fields.error(at: node, "\(key) needs a \"min\" duration, like { min: 10m }")
        }
        return IdleRule(min: try fields.duration(minimum, key: "\(key).min", example: "10m"))
    }

    /// `{ min: 10m }`.
    var yaml: String { "{ min: \(DurationText.hours(min)) }" }

    func allowsAll(of other: IdleRule) -> Bool { min <= other.min }

    func judge(_ reading: Reading<IdleState>, at now: Date) -> (Finding, Verdict.Status) {
        guard case .known(let state) = reading else {
            return (.idle(IdleFacts(min: min, reading: reading, idleFor: nil)), .unknown)
        }
        let idleFor = state.idleSince.map { max(now.duration(since: $0), .zero) } ?? .zero
        return (
            .idle(IdleFacts(min: min, reading: reading, idleFor: idleFor)), idleFor >= min ? .pass : .fail
        )
    }
}

/// What the `idle` rule judged: the minimum and the reading, with the idle time derived from it.
struct IdleFacts: Facts {
    let min: Duration
    let reading: Reading<IdleState>
    let idleFor: Duration?

    var seen: String {
        guard case .known(let state) = reading else { return "unknown" }
        if state.idleSince == nil { return "active (\(state.source))" }
        return "idle \(DurationText.format(idleFor ?? .zero)) (\(state.source))"
    }

    var assumedSeen: String {
        guard case .known(let state) = reading else { return "unknown (assumed)" }
        return state.idleSince == nil
            ? "active (assumed)" : "idle \(DurationText.format(idleFor ?? .zero)) (assumed)"
    }

    var required: String { "idle >= \(DurationText.hours(min))" }

    func knownReason(_ status: Verdict.Status) -> String {
        let idleFor = DurationText.format(idleFor ?? .zero)
        if reading.value?.idleSince == nil { return "the user is active now" }
        if status == .pass {
            return "the user has been idle \(idleFor), at least \(DurationText.hours(min))"
        }
        return "the user has been idle only \(idleFor), less than \(DurationText.hours(min))"
    }

    var unknownCause: String { reading.unknownReason ?? "the reading is unknown" }
}

extension Policy {
    /// The user must have been idle at least this long.
    package var idle: IdleRule? {
        get { self[IdleRule.self] }
        set { self[IdleRule.self] = newValue }
    }
}

extension RelaxStep {
    /// The step's `idle` rule, if it changes it.
    package var idle: Change<IdleRule>? {
        get { self[IdleRule.self] }
        set { self[IdleRule.self] = newValue }
    }
}
