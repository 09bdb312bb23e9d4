/// What a logind inhibitor holds off and how (`Inhibit(what, "musicdiff", why, mode)`).
package struct InhibitLock: Sendable, Equatable {
    /// What it inhibits: `sleep`, `idle`...
    package var what: String
    /// `delay` (logind waits for it, at most `InhibitDelayMaxUSec`) or `block`.
    package var mode: String

    /// A delay lock on sleep: a suspend waits until a running sync has been stopped.
    static let sleepDelay = InhibitLock(what: "sleep", mode: "delay")
    /// A block lock on idle: logind's idle action (an idle suspend) waits for a running sync.
    package static let idleBlock = InhibitLock(what: "idle", mode: "block")
}
