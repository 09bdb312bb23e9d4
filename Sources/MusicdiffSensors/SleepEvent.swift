/// What logind says about suspend, from its `PrepareForSleep` signal.
package enum SleepEvent: Sendable, Equatable, Hashable {
    /// `PrepareForSleep(true)`: the machine is about to suspend (or hibernate). Delay locks hold
    /// it back until they are released or logind's `InhibitDelayMaxUSec` has passed.
    case preparing
    /// `PrepareForSleep(false)`: the machine has resumed (or the suspend was cancelled).
    case resumed
}
