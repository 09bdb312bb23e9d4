import Foundation

// The lists a new rule is added to, all in this file: `Verdict.Rule` (its case, `index`,
// `parts`, and its arms in `appendVerdict` and `apply`), `Finding` (the case that carries its
// facts, in `rule` and `facts`) and, when it judges a reading no rule judged before,
// `MachineReading`. Each is an exhaustive `switch`, so the compiler names what is missing; the
// rule itself lives in its folder (`Rules/<Rule>/`).

extension Verdict {
    /// The rules a policy can hold, in the order decisions list them: the one list of rules.
    ///
    /// Each case names its parts in ``parts``, an exhaustive `switch`: adding a case is a
    /// compile error there until the rule's configuration type, its reading and its history
    /// letter are given, and every other place (parser, engine, texts, YAML, relax ladder,
    /// `while_running`, history, sensors) walks this list.
    package enum Rule: String, Sendable, Equatable, CaseIterable, Comparable {
        case minGap = "min_gap"
        case window
        case idle
        case network
        case load
        case battery
        case powerProfile = "power_profile"
        case storage
        case busy

        /// How many rules there are.
        static let count = allCases.count

        /// Rules in their listed order.
        package static func < (lhs: Rule, rhs: Rule) -> Bool { lhs.index < rhs.index }

        /// The rule's place in ``allCases`` (a decision asks for it on every verdict: a
        /// switch, not a search).
        var index: Int {
            switch self {
            case .minGap: 0
            case .window: 1
            case .idle: 2
            case .network: 3
            case .load: 4
            case .battery: 5
            case .powerProfile: 6
            case .storage: 7
            case .busy: 8
            }
        }

        /// What the rule is made of.
        var parts: RuleParts {
            switch self {
            case .minGap: RuleParts(letter: "g", colour: "38;5;63")
            case .window: RuleParts(letter: "w", colour: "38;5;32", relaxed: [TimeWindow].self)
            case .idle:
                RuleParts(letter: "i", colour: "38;5;100", reads: IdleRule.self, stop: (ActiveRule.self, 2))
            case .network:
                RuleParts(
                    letter: "n",
                    colour: "38;5;162",
                    reads: NetworkRule.self,
                    stop: (NetworkRule.self, 0)
                )
            case .load: RuleParts(letter: "l", colour: "38;5;29", reads: LoadRule.self)
            case .battery:
                RuleParts(
                    letter: "b",
                    colour: "38;5;128",
                    reads: BatteryRule.self,
                    stop: (RunningBatteryRule.self, 1)
                )
            case .powerProfile:
                RuleParts(
                    letter: "e",
                    colour: "38;5;131",
                    reads: PowerProfileRule.self,
                    stop: (PowerProfileRule.self, 3)
                )
            case .storage:
                RuleParts(
                    letter: "d",
                    colour: "38;5;67",
                    reads: StorageRule.self,
                    stop: (RunningStorageRule.self, 4)
                )
            case .busy:
                RuleParts(letter: "u", colour: "38;5;136", reads: BusyRule.self, stop: (BusyRule.self, 5))
            }
        }
    }
}

extension Verdict.Rule {
    /// Appends the rule's verdict as `rules` (made from `policy`) hold it on `snapshot` at `now`
    /// to `verdicts`: nothing when they hold none or it judges no reading (a decision judges
    /// `min_gap` and `window` itself). Built in the array rather than returned (a returned
    /// `Verdict?` was copied five times on its way), by a `switch` naming each rule's type, so
    /// that each is judged specialized, not through its metatype.
    func appendVerdict(
        to verdicts: inout [Verdict],
        _ policy: Policy,
        _ rules: RulesInForce,
        _ snapshot: Snapshot,
        _ now: Date,
        _ unknown: UnknownPolicy,
        _ waiver: Waiver?
    ) {
        func append<Rule: ReadingRule>(_: Rule.Type) {
            guard let rule = rules[Rule.self, in: policy] else { return }
            // The reading is lent from its box rather than copied out of it.
            let (finding, status) = snapshot.lend(Rule.State.self) { rule.judge($0, at: now) }
            let step = rules.mark(Rule.rule, in: policy)
            verdicts.append(
                Verdict(
                    finding,
                    of: Rule.rule,
                    status: status,
                    onUnknown: unknown,
                    waiver: waiver,
                    step: step
                )
            )
        }
        switch self {
        case .minGap, .window: return
        case .idle: append(IdleRule.self)
        case .network: append(NetworkRule.self)
        case .load: append(LoadRule.self)
        case .battery: append(BatteryRule.self)
        case .powerProfile: append(PowerProfileRule.self)
        case .storage: append(StorageRule.self)
        case .busy: append(BusyRule.self)
        }
    }

    /// Applies `step`'s change to the rule, if it makes one, to `rules`. A `switch` naming each
    /// rule's type, so that the change is read and applied specialized for it.
    func apply(_ step: RelaxStep, to rules: inout RulesInForce, _ mark: StepMark) {
        switch self {
        case .minGap: return
        case .window: rules.apply(step[[TimeWindow].self], mark)
        case .idle: rules.apply(step[IdleRule.self], mark)
        case .network: rules.apply(step[NetworkRule.self], mark)
        case .load: rules.apply(step[LoadRule.self], mark)
        case .battery: rules.apply(step[BatteryRule.self], mark)
        case .powerProfile: rules.apply(step[PowerProfileRule.self], mark)
        case .storage: rules.apply(step[StorageRule.self], mark)
        case .busy: rules.apply(step[BusyRule.self], mark)
        }
    }
}

/// The readings of the machine that the sensors provide, one per rule that judges one (the
/// state store provides the last sync and since when a sync is due; an ``ActivityTracker``
/// derives the activity from the idle reading). The wire format of `daemon.sock` and the
/// store's columns are written from this list.
package enum MachineReading: String, Sendable, CaseIterable {
    case idle
    case network
    case load
    case battery
    case powerProfile = "power_profile"
    case storage
    case busy

    /// How many readings there are.
    static let count = allCases.count

    /// The reading's place in ``allCases``.
    package var index: Int {
        switch self {
        case .idle: 0
        case .network: 1
        case .load: 2
        case .battery: 3
        case .powerProfile: 4
        case .storage: 5
        case .busy: 6
        }
    }

    /// The state the reading reads.
    package var state: any MachineState.Type {
        switch self {
        case .idle: IdleState.self
        case .network: NetworkState.self
        case .load: LoadState.self
        case .battery: BatteryState.self
        case .powerProfile: PowerProfileState.self
        case .storage: StorageState.self
        case .busy: BusyState.self
        }
    }

    /// The rules that judge this reading.
    package var rules: [Verdict.Rule] {
        Verdict.Rule.readingRules.filter { $0.type.reading == self }.map(\.rule)
    }
}

/// The facts one rule judged, kept so that its verdict can be worded when shown: one case per
/// rule (and one for `while_running.idle`, which judges the activity), each holding the rule's
/// own ``Facts``, which word it.
enum Finding: Sendable, Equatable {
    case minGap(MinGapFacts)
    case window(WindowFacts)
    case idle(IdleFacts)
    case network(NetworkFacts)
    case load(LoadFacts)
    case battery(BatteryFacts)
    case powerProfile(PowerProfileFacts)
    case storage(StorageFacts)
    case busy(BusyFacts)
    /// `while_running.idle`: the longest activity allowed and the activity reading.
    case active(ActiveFacts)

    /// The rule that judged.
    var rule: Verdict.Rule {
        switch self {
        case .minGap: .minGap
        case .window: .window
        case .idle, .active: .idle
        case .network: .network
        case .load: .load
        case .battery: .battery
        case .powerProfile: .powerProfile
        case .storage: .storage
        case .busy: .busy
        }
    }

    /// The facts, to be worded.
    var facts: any Facts {
        switch self {
        case .minGap(let facts): facts
        case .window(let facts): facts
        case .idle(let facts): facts
        case .network(let facts): facts
        case .load(let facts): facts
        case .battery(let facts): facts
        case .powerProfile(let facts): facts
        case .storage(let facts): facts
        case .busy(let facts): facts
        case .active(let facts): facts
        }
    }
}
