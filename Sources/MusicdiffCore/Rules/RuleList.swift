// The lists a new rule is added to, all in this file: `Verdict.Rule` (its case, `index` and
// `parts`), `Finding` (the case that carries its facts, in `rule` and `facts`) and, when it
// judges a reading no rule judged before, `MachineReading`. Each is an exhaustive `switch`, so
// the compiler names what is missing; the rule itself lives in its folder (`Rules/<Rule>/`).

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

        /// The rules in the order a policy file, its errors and `policy show` list them: as
        /// here, but `window` last.
        static let fileOrder: [Rule] = allCases.filter { $0 != .window } + [.window]

        /// The rules that judge a machine reading, with their types, in list order.
        static let readingRules: [(rule: Rule, type: any ReadingRule.Type)] = allCases.compactMap { rule in
            rule.parts.reads.map { (rule, $0) }
        }

        /// The types of ``readingRules`` alone, for a decision to walk (a tuple's copy goes
        /// through the runtime's generic path on every step).
        static let readingTypes: [any ReadingRule.Type] = readingRules.map(\.type)

        /// The type of each rule a relax step may replace or turn off, by ``index`` (nil for
        /// `min_gap`), for a decision to apply a step's changes alone.
        static let relaxableTypes: [(any RelaxableRule.Type)?] = allCases.map { $0.parts.relaxed }

        /// The rules a relax step may replace or turn off, with their types, in list order.
        static let relaxable: [(rule: Rule, type: any RelaxableRule.Type)] = allCases.compactMap { rule in
            rule.parts.relaxed.map { (rule, $0) }
        }

        /// The rules with a `while_running` form, with its type, in the order `while_running`
        /// lists them (network, battery, idle, power_profile, storage, busy).
        static let stopRules: [(rule: Rule, type: any StopRule.Type)] = allCases.compactMap { rule in
            rule.parts.stop.map { (rule, $0.type, $0.rank) }
        }
        .sorted { $0.2 < $1.2 }
        .map { ($0.0, $0.1) }
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
    var index: Int {
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

/// What one rule of ``Verdict/Rule`` is made of: its history letter and colour, the type that
/// holds its configuration (when a relax step may change it, or it judges a reading), and its
/// `while_running` form, if it has one.
struct RuleParts: Sendable {
    /// The letter `history` shows for a half hour this rule held a sync back.
    let letter: Character
    /// The SGR colour of that letter (a 256-colour code readable on black and on white; see
    /// `Palette`).
    let colour: String
    /// The rule's configuration, when a relax step may replace or drop it.
    let relaxed: (any RelaxableRule.Type)?
    /// The rule's configuration, when it judges a machine reading.
    let reads: (any ReadingRule.Type)?
    /// The rule's `while_running` form and its place in that block.
    let stop: (type: any StopRule.Type, rank: Int)?

    init(letter: Character, colour: String, relaxed: (any RelaxableRule.Type)? = nil) {
        self.letter = letter
        self.colour = colour
        self.relaxed = relaxed
        self.reads = nil
        self.stop = nil
    }

    init(
        letter: Character,
        colour: String,
        reads: any ReadingRule.Type,
        stop: (type: any StopRule.Type, rank: Int)? = nil
    ) {
        self.letter = letter
        self.colour = colour
        self.relaxed = reads
        self.reads = reads
        self.stop = stop
    }
}
