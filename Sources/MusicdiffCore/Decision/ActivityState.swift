/// How long the user has been at the machine without a break, for `while_running.idle`.
///
/// The idle sensors say only when the user was last active (``IdleState/idleSince``), not since
/// when they have been active, so this reading comes from an ``ActivityTracker`` fed with every
/// idle reading. Unknown until the caller provides it; an unknown reading never stops a sync.
package struct ActivityState: Sendable, Equatable {
    /// How long the current stretch of activity has lasted: from the first input of the stretch
    /// to the latest one seen (to the reading's moment while the user is active now); nil while
    /// the user is away.
    package var activeFor: Duration?
    /// Where this came from: the idle reading's source (`logind session 3`, `/proc/interrupts`).
    package var source: String
}
