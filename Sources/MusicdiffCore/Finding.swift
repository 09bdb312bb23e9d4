import Foundation

/// The facts one rule judged, kept so that its verdict can be worded when shown.
enum Finding: Sendable, Equatable {
    /// `min_gap`: the gap required, the last sync, and how long ago it was.
    case minGap(gap: Duration, last: Reading<LastSync>, elapsed: Duration?, allowedAt: Date?)
    /// `window`: the windows and the local time they were judged at.
    case window([TimeWindow], secondOfDay: Int, opensIn: Int)
    /// `idle`: the minimum and the reading, with the idle time derived from it.
    case idle(min: Duration, Reading<IdleState>, idleFor: Duration?)
    /// `network`: the rule, the reading and, when it failed, what was wrong.
    case network(NetworkRule, Reading<NetworkState>, problem: NetworkProblem?)
    /// `load`: the rule and the reading.
    case load(LoadRule, Reading<LoadState>)
    /// `battery`: the rule and the reading.
    case battery(BatteryRule, Reading<BatteryState>)
    /// `while_running.idle`: the longest activity allowed and the activity reading.
    case active(limit: Duration, Reading<ActivityState>)

    var rule: Verdict.Rule {
        switch self {
        case .minGap: .minGap
        case .window: .window
        case .idle, .active: .idle
        case .network: .network
        case .load: .load
        case .battery: .battery
        }
    }
}

/// Why a network failed its rule.
enum NetworkProblem: Sendable, Equatable {
    case offline
    case metered
    case meteredUnknown
    case wrongKind
    case ssidNotAllowed
}
