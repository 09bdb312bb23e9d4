/// A start rule that can tell whether it allows every reading another rule of its kind
/// allows. The parser asks it twice: a relax step must allow all that the rule before it
/// allowed (a ladder only loosens), and a `while_running` rule must allow all that the start
/// rules allow (else a sync they start is stopped at once, over and over).
protocol Loosening {
    /// Whether every reading that `other` lets a sync start on, this rule allows too.
    func allowsAll(of other: Self) -> Bool
}

extension IdleRule: Loosening {
    func allowsAll(of other: IdleRule) -> Bool { min <= other.min }
}

extension LoadRule: Loosening {
    func allowsAll(of other: LoadRule) -> Bool { maxPerCore >= other.maxPerCore }
}

extension BatteryRule: Loosening {
    func allowsAll(of other: BatteryRule) -> Bool {
        switch (onBattery, other.onBattery) {
        case (_, .deny): true
        case (.deny, .allow): false
        case (.allow, .allow): (minPercent ?? 0) <= (other.minPercent ?? 0)
        }
    }
}

extension NetworkRule: Loosening {
    /// The kinds follow ``PolicyEngine/networkProblem(_:_:)``: `any` allows every state,
    /// `online` every online one, and `unmetered`, `wifi` and `ethernet` only their own kind;
    /// `ssids` then narrow the Wi-Fi networks.
    func allowsAll(of other: NetworkRule) -> Bool {
        let kinds: Bool =
            switch require {
            case .any: true
            case .online: other.require != .any
            case .unmetered, .wifi, .ethernet: other.require == require
            }
        guard kinds, require != .any, let ssids else { return kinds }
        // Every Wi-Fi network `other` allows must be one of ours; Ethernet has no SSID.
        guard other.require != .ethernet else { return true }
        return other.ssids.map { Set($0).isSubset(of: ssids) } ?? false
    }
}

extension Array: Loosening where Element == TimeWindow {
    /// Whether these windows cover every minute of the day that `other` covers.
    func allowsAll(of other: [TimeWindow]) -> Bool {
        (0..<1440).allSatisfy { minute in
            let second = minute * 60
            return !other.contains { $0.contains(secondOfDay: second) }
                || contains { $0.contains(secondOfDay: second) }
        }
    }
}
