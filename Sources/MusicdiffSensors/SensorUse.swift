import MusicdiffCore

/// How the D-Bus sensors are used: followed for as long as they run (the daemon), or read
/// once by a command that prints and exits (`why-not`), from the services its policy needs.
package enum SensorUse: Sendable, Equatable {
    /// Every client, following every change, with logind's sleep signals.
    case follow
    /// One look at `services`: the others are not asked (their readings say so), logind's
    /// sleep signals are not followed, and UPower's client is made on a worker thread so
    /// that its round trips overlap the other clients' (its later changes are not followed).
    case readOnce(SensorServices)

    /// The services whose clients start.
    var services: SensorServices {
        switch self {
        case .follow: .all
        case .readOnce(let services): services
        }
    }
}

/// The D-Bus services the sensors read.
package struct SensorServices: OptionSet, Sendable, Hashable {
    /// The set's bits.
    package let rawValue: Int

    /// Creates a set from its raw value.
    package init(rawValue: Int) { self.rawValue = rawValue }

    /// NetworkManager, for `network` rules.
    package static let networkManager = SensorServices(rawValue: 1)
    /// UPower, for `battery` rules.
    package static let upower = SensorServices(rawValue: 2)
    /// logind, for `idle` rules.
    package static let logind = SensorServices(rawValue: 4)
    /// power-profiles-daemon, for `power_profile` rules.
    package static let powerProfiles = SensorServices(rawValue: 8)
    /// GameMode, on the session bus, for `busy: [gamemode]` rules.
    package static let gameMode = SensorServices(rawValue: 16)
    /// All of them.
    package static let all: SensorServices = [.networkManager, .upower, .logind, .powerProfiles, .gameMode]

    /// Why a reading of a service not in the set is unknown.
    static let notAsked = "not read: no rule of the policy needs it"
}
