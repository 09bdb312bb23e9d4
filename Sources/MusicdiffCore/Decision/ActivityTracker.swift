import Foundation

/// Turns successive idle readings into ``ActivityState``s: how long the user has been active
/// without a break, which the idle sensors alone cannot say.
///
/// At each reading the user counts as active when the sensor says they are active now
/// (``IdleState/idleSince`` is nil, as while logind's idle hint is off) or their last input
/// was less than ``pause`` ago. A stretch of activity starts at the first such input and ends
/// at the first reading that shows an input pause of at least ``pause``. Its length runs from
/// its first input to its latest (to the reading's moment while the user is active now), so
/// one touch of the mouse is no activity at all and only continued use reaches `active_for`.
/// Inputs between two readings are not seen: with readings a minute apart, a shorter pause
/// between them goes unnoticed. An unknown idle reading ends the stretch and is unknown.
///
/// A value with no clock: the caller passes every idle reading with its moment and keeps the
/// tracker for as long as it watches the user.
package struct ActivityTracker: Sendable, Equatable {
    /// The input pause that ends a stretch of activity when no other is given.
    static let defaultPause: Duration = .seconds(60)

    /// An input pause at least this long ends a stretch of activity.
    package var pause: Duration
    /// The first input of the current stretch; nil while the user is away.
    package private(set) var stretchStart: Date?

    /// Creates a tracker that has seen no activity yet.
    package init(pause: Duration = ActivityTracker.defaultPause) {
        self.pause = pause
    }

    /// Takes the idle reading made at `now` and returns the activity it shows.
    package mutating func observe(_ idle: Reading<IdleState>, at now: Date) -> Reading<ActivityState> {
        guard case .known(let state) = idle else {
            stretchStart = nil
            if case .unknown(let reason) = idle { return .unknown(reason: reason) }
            return .unknown(reason: "the idle time is unknown")
        }
        let lastInput = min(state.idleSince ?? now, now)
        guard now.duration(since: lastInput) < pause else {
            stretchStart = nil
            return .known(ActivityState(activeFor: nil, source: state.source))
        }
        let start = min(stretchStart ?? lastInput, lastInput)
        stretchStart = start
        return .known(ActivityState(activeFor: lastInput.duration(since: start), source: state.source))
    }
}
