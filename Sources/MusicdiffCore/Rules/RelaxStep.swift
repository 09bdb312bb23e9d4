/// One step of a policy's deferral ladder (`relax:`): once a due sync has been overdue
/// `after`, the rules it names are replaced or dropped. Steps are cumulative: a later step
/// keeps an earlier one's changes unless it changes the same rule again. `min_gap` is never
/// relaxed.
public struct RelaxStep: Sendable, Equatable {
    /// What a step does to one rule.
    public enum Change<Rule: Sendable & Equatable>: Sendable, Equatable {
        /// The rule is judged with this one instead.
        case replace(Rule)
        /// The rule no longer blocks (`off`); its verdict is still shown.
        case off
    }

    /// How long the sync must have been overdue (since it became due) for the step to apply.
    public var after: Duration
    /// The step's `idle` rule, if it changes it.
    public var idle: Change<IdleRule>?
    /// The step's `network` rule, if it changes it.
    public var network: Change<NetworkRule>?
    /// The step's `load` rule, if it changes it.
    public var load: Change<LoadRule>?
    /// The step's `battery` rule, if it changes it.
    public var battery: Change<BatteryRule>?
    /// The step's `power_profile` rule, if it changes it.
    public var powerProfile: Change<PowerProfileRule>?
    /// The step's `storage` rule, if it changes it.
    public var storage: Change<StorageRule>?
    /// The step's `busy` rule, if it changes it.
    public var busy: Change<BusyRule>?
    /// The step's `window`, if it changes it.
    public var window: Change<[TimeWindow]>?

    /// Creates a step; a rule not given is left as it was.
    public init(
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

    /// Whether the step changes `rule`.
    public func changes(_ rule: Verdict.Rule) -> Bool { change(rule) != nil }

    /// The step's change to `rule` in the policy file's words (`off`, `{ require: online }`);
    /// nil when it leaves the rule alone.
    func change(_ rule: Verdict.Rule) -> String? { rule.parts.relaxed.flatMap { change($0) } }

    private func change<Rule: RelaxableRule>(_: Rule.Type) -> String? {
        switch self[keyPath: Rule.inStep] {
        case nil: nil
        case .off?: "off"
        case .replace(let rule)?: rule.yaml
        }
    }
}

/// Which relax step judged a verdict: the one that last changed its rule.
public struct StepMark: Sendable, Equatable {
    /// The step's `after`.
    public var after: Duration
    /// Whether the step turned the rule off (its failure no longer blocks).
    public var off: Bool
}

extension RelaxStep {
    /// What the step changes, in the policy file's own words:
    /// `network: { require: online }, idle: off`.
    public var changesText: String { changeTexts.joined(separator: ", ") }

    /// One `rule: form` per rule the step changes, in the order `relax` lists them.
    var changeTexts: [String] {
        Self.order.compactMap { rule in change(rule).map { "\(rule.rawValue): \($0)" } }
    }

    /// The rules a step may change, in the order a policy file lists them.
    static let order: [Verdict.Rule] = Verdict.Rule.fileOrder.filter { $0.parts.relaxed != nil }

    /// Whether the step turns `rule` off.
    func turnsOff(_ rule: Verdict.Rule) -> Bool { rule.parts.relaxed.map { turnsOff($0) } ?? false }

    private func turnsOff<Rule: RelaxableRule>(_: Rule.Type) -> Bool { self[keyPath: Rule.inStep] == .off }
}
