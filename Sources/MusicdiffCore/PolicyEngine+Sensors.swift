import Foundation

extension PolicyEngine {
    static func idle(
        _ rule: IdleRule,
        _ reading: Reading<IdleState>,
        _ now: Date,
        _ unknown: UnknownPolicy,
        _ waiver: Waiver?,
        _ step: StepMark? = nil
    ) -> Verdict {
        guard case .known(let state) = reading else {
            return Verdict(
                .idle(min: rule.min, reading, idleFor: nil),
                status: .unknown,
                onUnknown: unknown,
                waiver: waiver,
                step: step
            )
        }
        let idleFor = state.idleSince.map { max(now.duration(since: $0), .zero) } ?? .zero
        return Verdict(
            .idle(min: rule.min, reading, idleFor: idleFor),
            status: idleFor >= rule.min ? .pass : .fail,
            onUnknown: unknown,
            waiver: waiver,
            step: step
        )
    }

    static func network(
        _ rule: NetworkRule,
        _ reading: Reading<NetworkState>,
        _ unknown: UnknownPolicy,
        _ waiver: Waiver?,
        _ step: StepMark? = nil
    ) -> Verdict {
        let problem: NetworkProblem?
        let status: Verdict.Status
        switch reading {
        case .unknown:
            (problem, status) = (nil, rule.require == .any ? .pass : .unknown)
        case .known(let state):
            problem = networkProblem(rule, state)
            switch problem {
            case nil: status = .pass
            case .meteredUnknown: status = .unknown
            default: status = .fail
            }
        }
        return Verdict(
            .network(rule, reading, problem: problem),
            status: status,
            onUnknown: unknown,
            waiver: waiver,
            step: step
        )
    }

    /// What keeps `state` from meeting `rule`, or nil when it meets it.
    static func networkProblem(_ rule: NetworkRule, _ state: NetworkState) -> NetworkProblem? {
        if rule.require == .any { return nil }
        if !state.isOnline { return .offline }
        switch rule.require {
        case .any, .online: break
        case .unmetered:
            if state.metered == .unknown { return .meteredUnknown }
            if !state.metered.isUnmetered { return .metered }
        case .wifi:
            if state.primary != .wifi { return .wrongKind }
        case .ethernet:
            if state.primary != .ethernet { return .wrongKind }
        }
        if let ssids = rule.ssids, state.primary == .wifi {
            guard let ssid = state.ssid, ssids.contains(ssid) else { return .ssidNotAllowed }
        }
        return nil
    }

    static func load(
        _ rule: LoadRule,
        _ reading: Reading<LoadState>,
        _ unknown: UnknownPolicy,
        _ waiver: Waiver?,
        _ step: StepMark? = nil
    )
        -> Verdict
    {
        let status: Verdict.Status =
            switch reading {
            case .unknown: .unknown
            case .known(let load): load.perCore <= rule.maxPerCore ? .pass : .fail
            }
        return Verdict(.load(rule, reading), status: status, onUnknown: unknown, waiver: waiver, step: step)
    }

    static func battery(
        _ rule: BatteryRule,
        _ reading: Reading<BatteryState>,
        _ unknown: UnknownPolicy,
        _ waiver: Waiver?,
        _ step: StepMark? = nil
    ) -> Verdict {
        let status: Verdict.Status
        switch reading {
        case .unknown:
            status = .unknown
        case .known(let battery) where !battery.onBattery:
            status = .pass
        case .known(let battery):
            switch (rule.onBattery, rule.minPercent, battery.percent) {
            case (.deny, _, _): status = .fail
            case (.allow, nil, _): status = .pass
            case (.allow, _?, nil): status = .unknown
            case (.allow, let minimum?, let percent?): status = percent >= minimum ? .pass : .fail
            }
        }
        return Verdict(
            .battery(rule, reading),
            status: status,
            onUnknown: unknown,
            waiver: waiver,
            step: step
        )
    }
}
