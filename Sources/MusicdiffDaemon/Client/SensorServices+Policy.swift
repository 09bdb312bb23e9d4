import MusicdiffCore
import MusicdiffSensors

extension SensorServices {
    /// The D-Bus services `policy`'s rules read, from the readings each rule says it judges
    /// (``Policy/readings``).
    package init(readBy policy: Policy) {
        self = policy.readings.reduce(into: []) { services, reading in
            services.formUnion(SensorServices(providing: reading))
        }
        // `busy` asks logind and GameMode only for the kinds it looks for.
        let kinds = policy.busyKinds
        if !kinds.contains(.gamemode) { remove(.gameMode) }
        if !kinds.contains(.idleInhibitor), !policy.readings.contains(.idle) { remove(.logind) }
    }
}
