import Foundation

/// The rules that judge a due sync at one overdue time: the policy's own, with every relax
/// step whose `after` has been reached applied in order, each changed rule marked with the
/// step that last changed it.
struct RulesInForce {
    var idle: IdleRule?
    var idleStep: StepMark?
    var network: NetworkRule?
    var networkStep: StepMark?
    var load: LoadRule?
    var loadStep: StepMark?
    var battery: BatteryRule?
    var batteryStep: StepMark?
    var window: [TimeWindow]?
    var windowStep: StepMark?
    /// The index in the policy's `relax` of the last step reached, if any.
    var step: Int?
    /// The index of the first step not reached yet; nil when the sync is not due or no step
    /// is left.
    var next: Int?

    /// The rules of `policy` for a sync overdue by `overdue` (nil when it is not due).
    /// Exactly at a step's `after`, the step applies.
    init(_ policy: borrowing Policy, overdue: Duration?) {
        idle = policy.idle
        network = policy.network
        load = policy.load
        battery = policy.battery
        window = policy.window
        guard let overdue else { return }
        for (index, step) in policy.relax.enumerated() {
            guard step.after <= overdue else {
                next = index
                return
            }
            let mark = StepMark(after: step.after, off: false)
            Self.apply(step.idle, &idle, &idleStep, mark)
            Self.apply(step.network, &network, &networkStep, mark)
            Self.apply(step.load, &load, &loadStep, mark)
            Self.apply(step.battery, &battery, &batteryStep, mark)
            Self.apply(step.window, &window, &windowStep, mark)
            self.step = index
        }
    }

    /// The step's change to one rule: a replacement is judged instead; `off` keeps the rule
    /// it drops (so that its verdict can still be shown) and marks it off.
    private static func apply<Rule>(
        _ change: RelaxStep.Change<Rule>?,
        _ rule: inout Rule?,
        _ mark: inout StepMark?,
        _ step: StepMark
    ) {
        switch change {
        case nil:
            return
        case .replace(let replacement)?:
            rule = replacement
            mark = step
        case .off?:
            mark = StepMark(after: step.after, off: true)
        }
    }

    /// The step mark of `rule`, if a step in force changed it.
    func mark(_ rule: Verdict.Rule) -> StepMark? {
        switch rule {
        case .minGap: nil
        case .idle: idleStep
        case .network: networkStep
        case .load: loadStep
        case .battery: batteryStep
        case .window: windowStep
        }
    }
}
