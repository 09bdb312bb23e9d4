/// One step of a policy's deferral ladder (`relax:`): once a due sync has been overdue
/// `after`, the rules it names are replaced or dropped. Steps are cumulative: a later step
/// keeps an earlier one's changes unless it changes the same rule again. `min_gap` is never
/// relaxed.
package struct RelaxStep: Sendable, Equatable {
    /// What a step does to one rule.
    package enum Change<Rule: Sendable & Equatable>: Sendable, Equatable {
        /// The rule is judged with this one instead.
        case replace(Rule)
        /// The rule no longer blocks (`off`); its verdict is still shown.
        case off
    }

    /// How long the sync must have been overdue (since it became due) for the step to apply.
    package var after: Duration
    /// The step's change to each rule it changes, in the rule's slot: read them through
    /// ``subscript(_:)`` or the rule's own property (`step.idle`), which its file declares.
    var changes = RuleSlots()

    /// Creates a step; a rule not given is left as it was.
    package init(
        after: Duration,
        idle: Change<IdleRule>? = nil,
        network: Change<NetworkRule>? = nil,
        load: Change<LoadRule>? = nil,
        battery: Change<BatteryRule>? = nil,
        powerProfile: Change<PowerProfileRule>? = nil,
        storage: Change<StorageRule>? = nil,
        busy: Change<BusyRule>? = nil,
        window: Change<[TimeWindow]>? = nil
    ) {
        self.after = after
        self.idle = idle
        self.network = network
        self.load = load
        self.battery = battery
        self.powerProfile = powerProfile
        self.storage = storage
        self.busy = busy
        self.window = window
    }

    /// The step's change to the rule `Rule`, nil when it leaves it alone.
    subscript<Rule: RelaxableRule>(_: Rule.Type) -> Change<Rule>? {
        get { changes[Rule.rule] }
        set { changes[Rule.rule] = newValue }
    }

    /// Whether the step changes `rule`.
    package func changes(_ rule: Verdict.Rule) -> Bool { change(rule) != nil }

    /// The step's change to `rule` in the policy file's words (`off`, `{ require: online }`);
    /// nil when it leaves the rule alone.
    func change(_ rule: Verdict.Rule) -> String? { rule.parts.relaxed.flatMap { change($0) } }

    private func change<Rule: RelaxableRule>(_: Rule.Type) -> String? {
        switch self[Rule.self] {
        case nil: nil
        case .off?: "off"
        case .replace(let rule)?: rule.yaml
        }
    }
}

/// Which relax step judged a verdict: the one that last changed its rule.
package struct StepMark: Sendable, Equatable {
    /// The step's `after`.
    package var after: Duration
    /// Whether the step turned the rule off (its failure no longer blocks).
    package var off: Bool
}

extension RelaxStep {
    /// What the step changes, in the policy file's own words:
    /// `network: { require: online }, idle: off`.
    package var changesText: String { changeTexts.joined(separator: ", ") }

    /// One `rule: form` per rule the step changes, in the order `relax` lists them.
    var changeTexts: [String] {
        Self.order.compactMap { rule in change(rule).map { "\(rule.rawValue): \($0)" } }
    }

    /// The rules a step may change, in the order a policy file lists them.
    static let order: [Verdict.Rule] = Verdict.Rule.fileOrder.filter { $0.parts.relaxed != nil }

    /// Whether the step turns `rule` off.
    func turnsOff(_ rule: Verdict.Rule) -> Bool { rule.parts.relaxed.map { turnsOff($0) } ?? false }

    private func turnsOff<Rule: RelaxableRule>(_: Rule.Type) -> Bool { self[Rule.self] == .off }
}
