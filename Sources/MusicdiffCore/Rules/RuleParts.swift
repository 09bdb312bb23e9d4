// What each rule is made of (``Verdict/Rule/parts``, given in `RuleList.swift`), and the lists
// drawn from it: adding a rule changes nothing here.

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

extension Verdict.Rule {
    /// The rules in the order a policy file, its errors and `policy show` list them: in list
    /// order, but `window` last.
    static let fileOrder: [Verdict.Rule] = allCases.filter { $0 != .window } + [.window]

    /// The rules that judge a machine reading, with their types, in list order.
    static let readingRules: [(rule: Verdict.Rule, type: any ReadingRule.Type)] = allCases.compactMap {
        rule in
        rule.parts.reads.map { (rule, $0) }
    }

    /// The rules a relax step may replace or turn off, with their types, in list order.
    static let relaxable: [(rule: Verdict.Rule, type: any RelaxableRule.Type)] = allCases.compactMap { rule in
        rule.parts.relaxed.map { (rule, $0) }
    }

    /// The rules with a `while_running` form, with its type, in the order `while_running`
    /// lists them (network, battery, idle, power_profile, storage, busy).
    static let stopRules: [(rule: Verdict.Rule, type: any StopRule.Type)] = allCases.compactMap { rule in
        rule.parts.stop.map { (rule, $0.type, $0.rank) }
    }
    .sorted { $0.2 < $1.2 }
    .map { ($0.0, $0.1) }
}
