/// The `while_running` block of a policy: what a running sync must keep, checked on every
/// sensor change while the job runs. A rule that fails stops the job; an unknown reading never
/// does. Its thresholds should be looser than the start rules' (hysteresis), so that a reading
/// hovering at a limit does not start and stop the sync over and over.
package struct WhileRunning: Sendable, Equatable {
    /// What to do when the machine is about to suspend while a sync runs.
    package enum OnSleep: String, Sendable, Equatable, CaseIterable {
        /// Stop the job before the machine sleeps (the default).
        case stop
        /// Let the job be frozen with the machine and carry on after resume.
        case ignore
    }

    /// The stop rules the block holds (`network`, `battery`, `idle`, `power_profile`,
    /// `storage`, `busy`), each in its rule's slot: read them through ``subscript(_:)`` or the
    /// rule's own property (`whileRunning.battery`), which its file declares.
    var slots = RuleSlots()
    /// Whether a coming suspend stops the job.
    package var onSleep: OnSleep
    /// How long after SIGTERM the job gets before SIGKILL.
    package var grace: Duration
    /// Whether a logind *block* lock on `idle` is held while the job runs, so that an idle
    /// suspend waits for it (the lid and the user's own suspend still win, through `on_sleep`).
    package var keepAwake: Bool

    /// The grace period when a policy does not say.
    package static let defaultGrace: Duration = .seconds(30)

    /// Creates the block; every rule defaults to absent (a rule that is not among the
    /// parameters is set through its property).
    package init(
        network: NetworkRule? = nil,
        battery: RunningBatteryRule? = nil,
        idle: ActiveRule? = nil,
        powerProfile: PowerProfileRule? = nil,
        storage: RunningStorageRule? = nil,
        busy: BusyRule? = nil,
        onSleep: OnSleep = .stop,
        grace: Duration = WhileRunning.defaultGrace,
        keepAwake: Bool = false
    ) {
        self.onSleep = onSleep
        self.grace = grace
        self.keepAwake = keepAwake
        self.network = network
        self.battery = battery
        self.idle = idle
        self.powerProfile = powerProfile
        self.storage = storage
        self.busy = busy
    }
}

extension WhileRunning {
    /// The stop rule `Rule` as the block holds it; nil when it does not.
    subscript<Rule: StopRule>(_: Rule.Type) -> Rule? {
        get { slots[Rule.rule] }
        set { slots[Rule.rule] = newValue }
    }
}
