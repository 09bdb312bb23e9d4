import Foundation

extension Verdict {
    /// What the rule saw, in a few words: `on battery, 23%`; an assumed reading says so
    /// in place of its source: `on AC, 23% (assumed)`, `idle 20m (assumed)`.
    public var observed: String {
        guard assumed else { return seen }
        switch finding {
        case .idle(_, .known(let state), let idleFor):
            return state.idleSince == nil
                ? "active (assumed)" : "idle \(DurationText.format(idleFor ?? .zero)) (assumed)"
        case .network(_, .known(let state), _):
            return
                "metered=\(state.metered.rawValue), \(Self.kindName(state)), connectivity \(state.connectivity.rawValue) (assumed)"
        case .load(_, .known(let load)):
            return "\(Self.decimal(load.perCore)) per core (assumed)"
        default:
            return seen + " (assumed)"
        }
    }

    /// What the rule saw, as read.
    private var seen: String {
        switch finding {
        case .minGap(_, let last, let elapsed, _):
            switch last {
            case .unknown: return "unknown"
            case .known(.never): return "no sync recorded yet"
            case .known(.at): return "last sync \(DurationText.format(elapsed ?? .zero)) ago"
            }
        case .window(_, let second, _):
            return "local time \(TimeWindow.clock(second / 60))"
        case .idle(_, let reading, let idleFor):
            guard case .known(let state) = reading else { return "unknown" }
            if state.idleSince == nil { return "active (\(state.source))" }
            return "idle \(DurationText.format(idleFor ?? .zero)) (\(state.source))"
        case .network(_, let reading, _):
            return reading.value.map(Self.describe) ?? "unknown"
        case .load(_, let reading):
            guard case .known(let load) = reading else { return "unknown" }
            return
                "\(Self.decimal(load.perCore)) per core (\(Self.decimal(load.oneMinute)) / \(load.cpus) CPUs)"
        case .battery(_, let reading):
            guard case .known(let battery) = reading else { return "unknown" }
            var text = battery.onBattery ? "on battery" : "on AC"
            if let percent = battery.percent { text += ", \(Self.percent(percent))" }
            return text
        case .active(_, let reading):
            guard case .known(let activity) = reading else { return "unknown" }
            guard let activeFor = activity.activeFor else { return "away (\(activity.source))" }
            return "active \(DurationText.format(activeFor)) (\(activity.source))"
        }
    }

    /// What the rule requires, in a few words: `AC or >= 40%`.
    public var required: String {
        switch finding {
        case .minGap(let gap, _, _, _):
            return ">= \(DurationText.format(gap)) since the last sync"
        case .window(let windows, _, _):
            return "inside " + windows.map(\.description).joined(separator: " or ")
        case .idle(let minimum, _, _):
            return "idle >= \(DurationText.format(minimum))"
        case .network(let rule, _, _):
            var text =
                switch rule.require {
                case .any: "any network"
                case .online: "online"
                case .unmetered: "online, not metered"
                case .wifi: "online through Wi-Fi"
                case .ethernet: "online through Ethernet"
                }
            if let ssids = rule.ssids {
                text += ", Wi-Fi only on " + ssids.map { "\"\($0)\"" }.joined(separator: " or ")
            }
            return text
        case .load(let rule, _):
            return "<= \(Self.decimal(rule.maxPerCore)) per core"
        case .battery(let rule, _):
            switch (rule.onBattery, rule.minPercent) {
            case (.deny, _): return "AC"
            case (.allow, nil): return "AC or battery"
            case (.allow, let minimum?): return "AC or >= \(Self.percent(minimum))"
            }
        case .active(let limit, _):
            return "active < \(DurationText.format(limit))"
        }
    }

    /// The rule's name with the relax step that judged it, as `why-not` lists it:
    /// `network (relaxed at 24h: online)`, `idle (off at 36h)`, or just `battery`.
    public var label: String {
        guard let step else { return rule.rawValue }
        let after = DurationText.hours(step.after)
        return step.off
            ? "\(rule.rawValue) (off at \(after))" : "\(rule.rawValue) (relaxed at \(after): \(required))"
    }

    /// One sentence saying why the rule passed, failed or could not tell.
    public var reason: String {
        var text = status == .unknown ? unknownReason : knownReason
        if let step, step.off, status == .fail || (status == .unknown && onUnknown == .block) {
            text += "; off since the relax step at \(DurationText.hours(step.after))"
        }
        if let waiver = waivedBy {
            text +=
                "; waived: the sync is overdue by \(DurationText.format(waiver.overdue)),"
                + " max_deferral is \(DurationText.format(waiver.maxDeferral))"
        }
        return text
    }

    private var unknownReason: String {
        let outcome =
            whileRunning
            ? "does not stop a running sync"
            : onUnknown == .pass
                ? "passes (on_unknown: pass)" : "blocks until it can be read (on_unknown: block)"
        let cause: String
        switch finding {
        case .minGap(_, .unknown(let why), _, _), .idle(_, .unknown(let why), _),
            .network(_, .unknown(let why), _), .load(_, .unknown(let why)), .battery(_, .unknown(let why)),
            .active(_, .unknown(let why)):
            cause = why
        case .network(_, .known(let state), _):
            cause = "\(state.source) cannot tell whether the connection is metered"
        case .battery(_, .known(let battery)):
            cause = "\(battery.source) reports no battery charge"
        default:
            cause = "the reading is unknown"
        }
        return "\(cause); the rule \(outcome)"
    }
}
