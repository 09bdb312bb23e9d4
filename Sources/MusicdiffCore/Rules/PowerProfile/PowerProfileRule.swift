import Foundation
import Yams

/// The `power_profile` rule: no sync while power-profiles-daemon's active profile is one the
/// policy denies (`{ deny: [power-saver] }`).
package struct PowerProfileRule: Sendable, Equatable {
    /// The profiles power-profiles-daemon offers.
    package enum Profile: String, Sendable, Equatable, CaseIterable {
        /// The user asked the machine to save energy.
        case powerSaver = "power-saver"
        /// The default.
        case balanced
        /// The user asked for speed.
        case performance
    }

    /// The profiles in which no sync may start (or keep running), in the order ``Profile``
    /// lists them, each once.
    package var deny: [Profile]

    /// Creates the rule.
    package init(deny: [Profile]) {
        self.deny = Profile.allCases.filter(deny.contains)
    }
}

/// The active power profile, as power-profiles-daemon says it.
package struct PowerProfileState: Sendable, Equatable {
    /// The profile's name (`power-saver`, `balanced`, `performance`, or one a newer daemon
    /// invents).
    package var profile: String
    /// Where this came from (`power-profiles-daemon`).
    package var source: String

    /// Creates a reading.
    package init(profile: String, source: String) {
        self.profile = profile
        self.source = source
    }
}

extension PowerProfileRule: ReadingRule {
    static var rule: Verdict.Rule { .powerProfile }

    static let keys = ["deny"]

    static func parse(_ node: Node, _ fields: YAMLFields, key: String) throws(PolicyError) -> PowerProfileRule
    {
        let example = "{ deny: [power-saver] }"
        let map = try fields.mapping(node, "\(key) must be a mapping like \(example)")
        try fields.checkKeys(map, allowed: keys, in: key)
        guard let list = map["deny"] else {
            throw fields.error(at: node, "\(key) needs \"deny\", like \(example)")
        }
        guard case .sequence(let items) = list, !items.isEmpty else {
            throw fields.error(at: list, "\(key).deny must be a list of profiles, like [power-saver]")
        }
        var profiles: [Profile] = []
        for item in items {
            profiles.append(try fields.choice(item, key: "\(key).deny"))
        }
        return PowerProfileRule(deny: profiles)
    }

    /// `{ deny: [power-saver] }`.
    var yaml: String { "{ deny: [\(deny.map(\.rawValue).joined(separator: ", "))] }" }

    func allowsAll(of other: PowerProfileRule) -> Bool { Set(deny).isSubset(of: other.deny) }

    func judge(_ reading: Reading<PowerProfileState>, at now: Date) -> (Finding, Verdict.Status) {
        let status: Verdict.Status =
            switch reading {
            case .unknown: .unknown
            case .known(let state): denies(state.profile) ? .fail : .pass
            }
        return (.powerProfile(PowerProfileFacts(rule: self, reading: reading)), status)
    }

    /// Whether `profile` (a name as the daemon says it) is one the rule denies.
    func denies(_ profile: String) -> Bool { deny.contains { $0.rawValue == profile } }
}

/// What the `power_profile` rule (or its `while_running` form) judged: the rule and the reading.
struct PowerProfileFacts: Facts {
    let rule: PowerProfileRule
    let reading: Reading<PowerProfileState>

    var seen: String {
        guard case .known(let state) = reading else { return "unknown" }
        return "\(state.profile) (\(state.source))"
    }

    var assumedSeen: String { "\(reading.value?.profile ?? "unknown") (assumed)" }

    var required: String {
        "not " + rule.deny.map(\.rawValue).joined(separator: " or ")
    }

    func knownReason(_ status: Verdict.Status) -> String {
        let profile = reading.value?.profile ?? "unknown"
        if status == .fail { return "the power profile is \(profile), which the policy denies" }
        return "the power profile is \(profile)"
    }

    var unknownCause: String { reading.unknownReason ?? "the reading is unknown" }

    func stopReason(_ verdict: Verdict) -> String? {
        guard case .known(let state) = reading else { return nil }
        return "the power profile changed to \(state.profile)"
    }
}

extension Policy {
    /// The power profiles in which no sync may start.
    package var powerProfile: PowerProfileRule? {
        get { self[PowerProfileRule.self] }
        set { self[PowerProfileRule.self] = newValue }
    }
}

extension RelaxStep {
    /// The step's `power_profile` rule, if it changes it.
    package var powerProfile: Change<PowerProfileRule>? {
        get { self[PowerProfileRule.self] }
        set { self[PowerProfileRule.self] = newValue }
    }
}

extension PowerProfileState: MachineState {
    /// The reading it is.
    package static var reading: MachineReading { .powerProfile }

    /// The balanced profile.
    package static var typical: Self {
        PowerProfileState(profile: "balanced", source: "power-profiles-daemon")
    }

    /// The profile and the source.
    package var lineFields: [String] { [profile, source] }

    package static func read(lineFields fields: [String]) -> LineFields.Parsed<PowerProfileState> {
        guard fields.count == 2, !fields[0].isEmpty else { return nil }
        return .success(PowerProfileState(profile: fields[0], source: fields[1]))
    }

    /// The profile.
    package static var storedColumns: [StoredColumn] { [StoredColumn("power_profile", .text)] }

    package func storedValues(at: Date) -> [StoredValue?] { [.text(profile)] }

    package static func restored(
        from values: some StoredValues,
        at: Date
    ) throws(DamagedRow) -> PowerProfileState? {
        try values.text(0).map { PowerProfileState(profile: $0, source: StoredColumns.source) }
    }
}

extension Snapshot {
    /// power-profiles-daemon's active profile.
    package var powerProfile: Reading<PowerProfileState> {
        get { self[PowerProfileState.self] }
        set { self[PowerProfileState.self] = newValue }
    }
}
