/// A named set of rules that decides whether a due sync may run now.
///
/// Every rule is optional; an absent rule is not checked. Policies are read from YAML by
/// ``PolicyParser`` and evaluated by ``PolicyEngine``.
package struct Policy: Sendable, Equatable {
    /// The policy's name, as `why-not` and the daemon's log show it.
    package var name: String
    /// One sentence saying who the policy is for.
    package var description: String?
    /// No sync if the last successful one was less than this long ago.
    package var minGap: Duration?
    /// The rules of the list that a relax step may change (`idle`, `network`, `load`,
    /// `battery`, `power_profile`, `storage`, `busy`, `window`), each in its rule's slot: read
    /// them through ``subscript(_:)`` or the rule's own property (`policy.idle`), which its
    /// file declares.
    var slots = RuleSlots()
    /// What a rule whose sensor cannot be read does.
    package var onUnknown: UnknownPolicy
    /// The deferral ladder: rules loosened step by step while a sync stays overdue, in
    /// increasing `after`, each below `maxDeferral`.
    package var relax: [RelaxStep]
    /// Once a sync has been overdue this long, every rule but `min_gap` is waived.
    package var maxDeferral: Duration?
    /// While a due sync is blocked, how often to re-check readings that send no events.
    package var poll: Duration
    /// What a running sync must keep; nil when nothing stops a running sync.
    package var whileRunning: WhileRunning?
    /// After the machine resumes from sleep, no sync starts for this long.
    package var settle: Duration
    /// Up to this long before the due time, a sync starts as soon as every rule holds
    /// unrelaxed; nil when a sync never starts before its due time (the policy's `early` key).
    package var early: Duration?

    /// The interval at which a blocked sync is re-checked when a policy does not say.
    static let defaultPoll: Duration = .seconds(60)
    /// How long after a resume no sync starts when a policy does not say.
    package static let defaultSettle: Duration = .seconds(120)

    /// Creates a policy; every rule defaults to absent (a rule that is not among the parameters
    /// is set through its property).
    package init(
        name: String,
        description: String? = nil,
        minGap: Duration? = nil,
        idle: IdleRule? = nil,
        network: NetworkRule? = nil,
        load: LoadRule? = nil,
        battery: BatteryRule? = nil,
        powerProfile: PowerProfileRule? = nil,
        storage: StorageRule? = nil,
        busy: BusyRule? = nil,
        window: [TimeWindow]? = nil,
        onUnknown: UnknownPolicy = .pass,
        relax: [RelaxStep] = [],
        maxDeferral: Duration? = nil,
        poll: Duration = Policy.defaultPoll,
        whileRunning: WhileRunning? = nil,
        settle: Duration = Policy.defaultSettle,
        early: Duration? = nil
    ) {
        self.name = name
        self.description = description
        self.minGap = minGap
        self.onUnknown = onUnknown
        self.relax = relax
        self.maxDeferral = maxDeferral
        self.poll = poll
        self.whileRunning = whileRunning
        self.settle = settle
        self.early = early
        self.idle = idle
        self.network = network
        self.load = load
        self.battery = battery
        self.powerProfile = powerProfile
        self.storage = storage
        self.busy = busy
        self.window = window
    }
}

extension Policy {
    /// The rule `Rule` as the policy holds it; nil when the policy does not check it.
    subscript<Rule: RelaxableRule>(_: Rule.Type) -> Rule? {
        get { slots[Rule.rule] }
        set { slots[Rule.rule] = newValue }
    }
}

/// What a rule does when its sensor cannot be read.
package enum UnknownPolicy: String, Sendable, Equatable, CaseIterable {
    /// The rule passes, and its verdict says the reading was unknown.
    case pass
    /// The rule blocks the sync until the reading is known.
    case block
}
