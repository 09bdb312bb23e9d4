import Foundation
import Yams

/// A rule's configuration that a relax step may replace or turn off: where a policy and a step
/// hold it, how it is read from YAML and written back, and (through ``Loosening``) whether a
/// replacement only loosens it.
protocol RelaxableRule: Loosening, Sendable, Equatable {
    /// The rule in the list.
    static var rule: Verdict.Rule { get }
    /// The keys of the rule's mapping (empty when it is not a mapping).
    static var keys: [String] { get }
    /// The keys of its mapping in a relax step (``keys`` unless the rule says otherwise).
    static var relaxKeys: [String] { get }
    /// Reads the rule; `key` names it in errors (`idle`, `relax[0].idle`).
    static func parse(_ node: Node, _ fields: YAMLFields, key: String) throws(PolicyError) -> Self
    /// The rule as a policy file writes it: `{ min: 10m }`.
    var yaml: String { get }
    /// What `policy show` says of a policy without the rule: `not checked`.
    static var absent: String { get }
}

extension RelaxableRule {
    static var absent: String { "not checked" }
    static var relaxKeys: [String] { keys }
}

/// A start rule that judges one reading of the machine.
protocol ReadingRule: RelaxableRule {
    /// What the rule reads.
    associatedtype State: MachineState
    /// The facts the rule judged and its outcome on `reading` at `now`.
    func judge(_ reading: Reading<State>, at now: Date) -> (Finding, Verdict.Status)
}

extension ReadingRule {
    /// The reading, among those the sensors provide.
    static var reading: MachineReading { State.reading }
}

/// A rule's `while_running` form: what a running sync must keep.
protocol StopRule: Sendable, Equatable {
    /// The rule of the list it is the `while_running` form of.
    static var rule: Verdict.Rule { get }
    /// The keys of its mapping.
    static var stopKeys: [String] { get }
    /// Reads it; `key` is `while_running.NAME`.
    static func parseStop(_ node: Node, _ fields: YAMLFields, key: String) throws(PolicyError) -> Self
    /// It as a policy file writes it.
    var stopYAML: String { get }
    /// `the battery falls below 25 %`: when it stops a sync; nil when it never does.
    var condition: String? { get }
    /// Its verdict on a running sync, and when to look again without a sensor event.
    func check(_ snapshot: Snapshot) -> (verdict: Verdict, recheckIn: Duration?)
    /// The key inside the rule that an implication error points at; nil for the rule itself.
    static var gapField: String? { get }
    /// Why `policy`'s start rules do not imply its form of this rule (see
    /// ``StopImplication``); nil when they do or the policy has none.
    static func gap(_ policy: Policy) -> String?
}

extension StopRule {
    /// The verdict of this rule in `block` on `snapshot`, if the block holds it, and when to
    /// look again. Called through the rule's type, it runs specialized for the rule.
    static func check(in block: WhileRunning, _ snapshot: Snapshot) -> (Verdict, Duration?)? {
        block[Self.self].map { $0.check(snapshot) }
    }
}

extension Policy {
    /// The readings this policy's start rules judge: what a command that decides once
    /// (`why-not`) must read. A relax step only replaces or turns off a rule the policy holds;
    /// `while_running` rules are judged only by the daemon, which follows every sensor.
    package var readings: [MachineReading] {
        Verdict.Rule.readingRules.compactMap { _, type in holds(type) ? type.reading : nil }
    }

    private func holds<R: RelaxableRule>(_: R.Type) -> Bool { slots.holds(R.rule) }
}

/// What one rule judged, and how its verdict is worded: each rule's file gives its own.
protocol Facts: Sendable, Equatable {
    /// What the rule saw, as read: `on battery, 23%`.
    var seen: String { get }
    /// What it saw when the reading was assumed: `idle 20m (assumed)`.
    var assumedSeen: String { get }
    /// What the rule requires: `AC or >= 40%`.
    var required: String { get }
    /// Why it passed or failed, the reading being known.
    func knownReason(_ status: Verdict.Status) -> String
    /// Why it could not tell.
    var unknownCause: String { get }
    /// Why a failed `while_running` rule stopped the sync; nil to say its ``Verdict/reason``.
    func stopReason(_ verdict: Verdict) -> String?
}

extension Facts {
    var assumedSeen: String { seen + " (assumed)" }
    var unknownCause: String { "the reading is unknown" }
    func stopReason(_ verdict: Verdict) -> String? { nil }
}

extension Reading {
    /// Why the reading is unknown; nil when it is known.
    var unknownReason: String? {
        if case .unknown(let reason) = self { return reason }
        return nil
    }
}
