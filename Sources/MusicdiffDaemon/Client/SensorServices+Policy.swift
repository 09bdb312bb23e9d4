import MusicdiffCore
import MusicdiffSensors

extension SensorServices {
    /// The D-Bus services `policy`'s rules read, from the readings each rule says it judges
    /// (``Policy/readings``).
    public init(readBy policy: Policy) {
        self = policy.readings.reduce(into: []) { services, reading in
            services.formUnion(SensorServices(providing: reading))
        }
    }
}
