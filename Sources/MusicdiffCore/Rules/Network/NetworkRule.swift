/// The `network` rule: what kind of connection a sync may use.
public struct NetworkRule: Sendable, Equatable {
    /// The kinds of network a policy can require.
    public enum Requirement: String, Sendable, Equatable, CaseIterable {
        /// Any state of the network, even none: the rule only reports.
        case any
        /// Connected, with full connectivity.
        case online
        /// Online, on a connection NetworkManager does not consider metered.
        case unmetered
        /// Online through Wi-Fi.
        case wifi
        /// Online through Ethernet.
        case ethernet
    }

    /// What the connection must be.
    public var require: Requirement
    /// When set, a Wi-Fi connection counts only if its SSID is one of these.
    public var ssids: [String]?

    /// Creates the rule.
    public init(require: Requirement, ssids: [String]? = nil) {
        self.require = require
        self.ssids = ssids
    }
}
