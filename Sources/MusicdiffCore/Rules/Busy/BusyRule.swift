import Foundation
import Yams

/// The `busy` rule: no sync while the user is busy in one of the ways listed
/// (`[idle-inhibitor, gamemode, camera, microphone]`), though the keyboard may be idle.
package struct BusyRule: Sendable, Equatable {
    /// The kinds looked for, in the order ``BusyKind`` lists them, each once.
    package var kinds: [BusyKind]

    /// Creates the rule.
    package init(_ kinds: [BusyKind]) { self.kinds = BusyKind.allCases.filter(kinds.contains) }
}

extension BusyRule: ReadingRule {
    static var rule: Verdict.Rule { .busy }

    /// A list, not a mapping.
    static let keys: [String] = []

    static func parse(_ node: Node, _ fields: YAMLFields, key: String) throws(PolicyError) -> BusyRule {
        guard case .sequence(let items) = node, !items.isEmpty else {
            throw fields.error(
                at: node,
                "\(key) must be a list of kinds, like [idle-inhibitor, gamemode, camera, microphone]"
            )
        }
        var kinds: [BusyKind] = []
        for item in items { kinds.append(try fields.choice(item, key: key)) }
        return BusyRule(kinds)
    }

    /// `[idle-inhibitor, camera]`.
    var yaml: String { "[" + kinds.map(\.rawValue).joined(separator: ", ") + "]" }

    /// A looser rule looks for no kind the other does not.
    func allowsAll(of other: BusyRule) -> Bool { Set(kinds).isSubset(of: other.kinds) }

    func judge(_ reading: Reading<BusyState>, at now: Date) -> (Finding, Verdict.Status) {
        (.busy(BusyFacts(kinds: kinds, reading: reading)), status(reading))
    }

    /// Fails when a kind looked for is in use; else unknown when one cannot be read.
    func status(_ reading: Reading<BusyState>) -> Verdict.Status {
        guard case .known(let state) = reading else { return .unknown }
        var unknown = false
        for kind in kinds {
            switch state.sign(kind) {
            case .inUse: return .fail
            case .unknown: unknown = true
            case .free: break
            }
        }
        return unknown ? .unknown : .pass
    }
}

/// What the `busy` rule (or its `while_running` form) judged: the kinds and the reading.
struct BusyFacts: Facts {
    let kinds: [BusyKind]
    let reading: Reading<BusyState>

    /// What is in use of the kinds looked for: `camera in use (pid 4711 cheese)`.
    var inUse: [String] {
        guard let state = reading.value else { return [] }
        return kinds.compactMap { kind in
            if case .inUse(let words) = state.sign(kind) { return words }
            return nil
        }
    }

    var seen: String {
        guard reading.value != nil else { return "unknown" }
        return inUse.isEmpty ? "nothing in use" : inUse.joined(separator: "; ")
    }

    var required: String { "no " + kinds.map(\.rawValue).joined(separator: ", ") + " in use" }

    func knownReason(_ status: Verdict.Status) -> String {
        status == .fail
            ? "the user is busy: \(seen)"
            : "none of " + kinds.map(\.rawValue).joined(separator: ", ")
                + " is in use"
    }

    var unknownCause: String {
        guard let state = reading.value else { return reading.unknownReason ?? "the reading is unknown" }
        let causes = kinds.compactMap { kind -> String? in
            if case .unknown(let reason) = state.sign(kind) { return "\(kind.rawValue): \(reason)" }
            return nil
        }
        return causes.isEmpty ? "the reading is unknown" : causes.joined(separator: "; ")
    }

    func stopReason(_ verdict: Verdict) -> String? {
        inUse.isEmpty ? nil : "the user is busy: " + inUse.joined(separator: "; ")
    }
}

extension Policy {
    /// The ways of being busy in which no sync may start.
    package var busy: BusyRule? {
        get { self[BusyRule.self] }
        set { self[BusyRule.self] = newValue }
    }
}

extension RelaxStep {
    /// The step's `busy` rule, if it changes it.
    package var busy: Change<BusyRule>? {
        get { self[BusyRule.self] }
        set { self[BusyRule.self] = newValue }
    }
}
