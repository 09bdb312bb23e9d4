import Foundation

/// What the daemon does next, decided from its schedule state, the time and (in smart mode)
/// the policy's decision. Pure, so the daemon's loop is thin and its logic tested without I/O.
package enum TickAction: Sendable, Equatable {
    /// Nothing is due: sleep until this wall-clock time.
    case sleep(until: Date)
    /// Run the sync now.
    case runSync
    /// The sync is due but a sensor-based rule blocks it: re-decide on the next sensor
    /// change event, or at this time (the poll tick, the next relax step, or when
    /// `max_deferral` runs out), whichever comes first.
    case waitForChange(until: Date)
    /// The sync is due but a time rule (`min_gap`, `window`) blocks it: sleep until it allows
    /// (or until the next relax step, or `max_deferral`, may change that).
    case waitForTime(until: Date)

    /// The next action. `decision` is nil outside smart mode, where a due sync always runs.
    /// `held`: a ``StopHold`` keeps a sync the policy allows from starting again, and it waits
    /// for a change as a blocked one does.
    package static func next(
        state: ScheduleState,
        now: Date,
        decision: Decision?,
        policy: Policy?,
        held: Bool = false
    ) -> TickAction {
        guard now >= state.nextDue else { return .sleep(until: state.nextDue) }
        guard let decision, !decision.shouldSync || held else { return .runSync }
        // The next relax step, or the waiver of max_deferral, may come before anything else
        // changes: both are one more deadline of the same wait, not a timer of their own.
        // No sentinel for "none": `Date.distantFuture` is the year 4001, which a clock may pass.
        var deadline = decision.nextStepAt
        if decision.waiver == nil, let limit = policy?.maxDeferral, let since = state.dueSince {
            let waived = since.adding(limit)
            deadline = min(deadline ?? waived, waived)
        }
        func capped(_ date: Date) -> Date { deadline.map { min(date, $0) } ?? date }
        if decision.timeRulesAllowAt > now { return .waitForTime(until: capped(decision.timeRulesAllowAt)) }
        return .waitForChange(until: capped(now.adding(policy?.poll ?? Policy.defaultPoll)))
    }
}
