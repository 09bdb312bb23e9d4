import Foundation

/// Where the daemon stands with its schedule; kept in the state store so that a restart,
/// a reboot or a suspend picks up where it left off.
package struct ScheduleState: Sendable, Equatable {
    /// When the next sync falls due (wall-clock time).
    package var nextDue: Date
    /// Since when a sync has been due without a successful run; nil when none is pending.
    /// This is what `max_deferral` counts from, and it survives failed attempts.
    package var dueSince: Date?
    /// Failed runs since the last successful one, for the back-off.
    package var consecutiveFailures: Int

    /// Creates a state.
    package init(nextDue: Date, dueSince: Date? = nil, consecutiveFailures: Int = 0) {
        self.nextDue = nextDue
        self.dueSince = dueSince
        self.consecutiveFailures = consecutiveFailures
    }
}

/// The schedule arithmetic of the daemon, on wall-clock times it is given: due times,
/// catch-up after downtime, jitter, and back-off after failures. Pure: no clock reads.
package struct SchedulePlan: Sendable, Equatable {
    /// The schedule.
    package var schedule: Schedule
    /// The local time zone, for cron.
    package var timeZone: TimeZone
    /// The longest random delay added to a scheduled due time.
    package var jitter: Duration
    /// The first retry delay after a failure; it doubles with each further failure.
    package var firstRetry: Duration = .seconds(60)

    /// Creates a plan.
    package init(schedule: Schedule, timeZone: TimeZone, jitter: Duration = .zero) {
        self.schedule = schedule
        self.timeZone = timeZone
        self.jitter = jitter
    }

    /// The state at start-up. A persisted due time that has passed means the machine was off
    /// or asleep: the sync is due now, once, however many times it was missed. Without
    /// history, interval mode syncs at once and cron mode waits for its next time.
    package func start(persisted: ScheduleState?, lastRun: Date?, now: Date) -> ScheduleState {
        if let persisted { return normalized(persisted, now: now) }
        switch (schedule, lastRun) {
        case (.interval, nil):
            return ScheduleState(nextDue: now)
        case (.interval(let interval), let last?):
            return normalized(ScheduleState(nextDue: last.adding(interval)), now: now)
        case (.cron, let last):
            return ScheduleState(nextDue: schedule.next(after: last ?? now, in: timeZone))
        }
    }

    /// `state` made safe against a wall clock set backwards: a due time further away than
    /// the schedule could put it from now is pulled in, so no clock change blocks syncing
    /// for longer than one period.
    package func normalized(_ state: ScheduleState, now: Date) -> ScheduleState {
        var state = state
        let latest = schedule.next(after: now, in: timeZone).adding(jitter)
        if state.nextDue > latest { state.nextDue = latest }
        if let since = state.dueSince, since > now { state.dueSince = now }
        return state
    }

    /// The state under this (new) schedule after a reload that changed it: planned afresh from
    /// the last run, keeping the failures in a row with their retry (a retry sooner than the
    /// new due time stays) and since when a sync has been due.
    package func replanned(from state: ScheduleState, lastRun: Date?, now: Date) -> ScheduleState {
        var fresh = start(persisted: nil, lastRun: lastRun, now: now)
        fresh.consecutiveFailures = state.consecutiveFailures
        if state.consecutiveFailures > 0, state.nextDue > now {
            fresh.nextDue = min(fresh.nextDue, state.nextDue)
        }
        if fresh.nextDue <= now || state.consecutiveFailures > 0 { fresh.dueSince = state.dueSince }
        return fresh
    }

    /// Marks the pending sync as due, if `now` has reached it.
    package func markDue(_ state: ScheduleState, now: Date) -> ScheduleState {
        var state = state
        if now >= state.nextDue, state.dueSince == nil { state.dueSince = state.nextDue }
        return state
    }

    /// The state after a run stopped at `now` because a `while_running` rule failed: not a
    /// failure, so no back-off; the sync stays due (since when it first was) and starts
    /// again as soon as the policy allows.
    func afterStop(_ state: ScheduleState, now: Date) -> ScheduleState {
        ScheduleState(
            nextDue: min(state.nextDue, now),
            dueSince: state.dueSince ?? now,
            consecutiveFailures: state.consecutiveFailures
        )
    }

    /// The state after a run that ended at `now`. A success schedules the next due time
    /// (plus `jitterFraction` of the jitter, a number in 0..<1 the caller draws); a failure
    /// retries after a back-off that doubles with each failure, capped by the schedule.
    package func afterRun(
        _ state: ScheduleState,
        succeeded: Bool,
        now: Date,
        jitterFraction: Double
    ) -> ScheduleState {
        let scheduled = schedule.next(after: now, in: timeZone)
        if succeeded {
            let delay = jitter.seconds * min(max(jitterFraction, 0), 1)
            return ScheduleState(nextDue: scheduled.addingTimeInterval(delay))
        }
        // A count read from a store may be anything: it saturates rather than overflow.
        let failures = state.consecutiveFailures == .max ? .max : max(state.consecutiveFailures, 0) + 1
        let retry = now.adding(backoff(afterFailures: failures))
        return ScheduleState(
            nextDue: min(retry, scheduled),
            dueSince: state.dueSince ?? now,
            consecutiveFailures: failures
        )
    }

    /// The wait after `failures` consecutive failures: the first retry delay, doubled for
    /// each further failure (1m, 2m, 4m...); the schedule's next time caps it.
    func backoff(afterFailures failures: Int) -> Duration {
        let doublings = failures <= 1 ? 0 : min(failures - 1, 30)
        return firstRetry * (1 << doublings)
    }
}
