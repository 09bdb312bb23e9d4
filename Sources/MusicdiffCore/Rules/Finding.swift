import Foundation

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
