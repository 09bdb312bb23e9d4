/// The `network` rule: what kind of connection a sync may use.
package struct NetworkRule: Sendable, Equatable {
    /// The kinds of network a policy can require.
    package enum Requirement: String, Sendable, Equatable, CaseIterable {
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
    package var require: Requirement
    /// When set, a Wi-Fi connection counts only if its SSID is one of these.
    package var ssids: [String]?

    /// Creates the rule.
    package init(require: Requirement, ssids: [String]? = nil) {
        self.require = require
        self.ssids = ssids
    }
}
