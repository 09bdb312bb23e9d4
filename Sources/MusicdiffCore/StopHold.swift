import Foundation

/// After a `while_running` rule stopped a sync: the rules that stopped it and the readings
/// they failed on. The sync does not start again while every one of those readings is as it
/// was, so no policy, however its start and `while_running` rules relate, can start and stop
/// a sync over and over under the same readings.
public struct StopHold: Sendable, Equatable {
    /// The rules that failed.
    public var rules: [Verdict.Rule]
    /// The readings at the stop.
    public var readings: Snapshot
    /// Why the run stopped, as its record says.
    public var reason: String

    /// Creates a hold.
    public init(rules: [Verdict.Rule], readings: Snapshot, reason: String) {
        self.rules = rules
        self.readings = readings
        self.reason = reason
    }

    /// Whether `now` still shows every reading that stopped the run as it was then.
    public func holds(on now: Snapshot) -> Bool {
        !rules.isEmpty && rules.allSatisfy { Self.same($0, readings, now) }
    }

    /// Whether `rule`'s reading is the same in both snapshots.
    static func same(_ rule: Verdict.Rule, _ before: Snapshot, _ now: Snapshot) -> Bool {
        switch rule {
        case .network: before.network == now.network
        case .battery: before.battery == now.battery
        case .idle: before.idle == now.idle
        case .load: before.load == now.load
        case .minGap, .window: false
        }
    }

    /// `still held after the stop: network metered …`, for the blocked line.
    public var text: String { "held after the stop (\(reason)) until that changes" }
}
