import MusicdiffCore
import MusicdiffSensors

extension SensorServices {
    /// The D-Bus services `policy`'s rules read: NetworkManager for `network`, UPower for
    /// `battery`, logind for `idle`. A relax step only replaces or turns off a rule the
    /// policy holds, so the policy's own rules say it all.
    public init(readBy policy: Policy) {
        self = []
        if policy.network != nil { insert(.networkManager) }
        if policy.battery != nil { insert(.upower) }
        if policy.idle != nil { insert(.logind) }
    }
}
