import Foundation

/// Steering python-dbusmock's `networkmanager` template. Its methods live on `/org/freedesktop`;
/// it lacks `Metered`, `PrimaryConnection` and `PrimaryConnectionType`, which
/// ``nmAddPrimaryProperties(metered:)`` adds.
extension BusDriver {
    private static let nm = "org.freedesktop.NetworkManager"
    private static let nmPath = "/org/freedesktop/NetworkManager"
    private static let mock = "org.freedesktop.DBus.Mock"

    /// Adds the manager's `Metered` (an `NMMetered` number), `PrimaryConnection` (none) and
    /// `PrimaryConnectionType` properties.
    package func nmAddPrimaryProperties(metered: UInt32 = 0) throws {
        for (name, value) in [
            ("Metered", "<uint32 \(metered)>"), ("PrimaryConnection", "<objectpath '/'>"),
            ("PrimaryConnectionType", "<''>"),
        ] {
            try call(Self.nm, Self.nmPath, Self.mock, "AddProperty", "('\(Self.nm)', '\(name)', \(value))")
        }
    }

    /// Sets a manager property (emitting PropertiesChanged); `value` is GVariant text.
    package func nmSetProperty(_ name: String, _ value: String) throws {
        try call(
            Self.nm,
            "/org/freedesktop",
            Self.mock,
            "SetProperty",
            "('\(Self.nmPath)', '\(Self.nm)', '\(name)', <\(value)>)"
        )
    }

    /// Sets the global metered state (0 unknown, 1 yes, 2 no, 3 guess-yes, 4 guess-no).
    package func nmSetMetered(_ metered: UInt32) throws {
        try nmSetProperty("Metered", "uint32 \(metered)")
    }

    /// Makes `active` (an active connection's path, or `/`) the primary connection, of `type`.
    package func nmSetPrimary(_ active: String, type: String) throws {
        try nmSetProperty("PrimaryConnectionType", "'\(type)'")
        try nmSetProperty("PrimaryConnection", "objectpath '\(active)'")
    }

    /// Joins the Wi-Fi network `ssid` as the primary connection (device `wlan0`; access point,
    /// connection and active connection named `name`), with the manager's primary properties
    /// added and `metered` (see ``nmSetMetered(_:)``).
    package func nmJoinWiFi(ssid: String, name: String, metered: UInt32) throws {
        try nmAddPrimaryProperties(metered: metered)
        let device = try nmAddWiFiDevice("wlan0")
        try nmSetPrimary(nmAddWiFiNetwork(device: device, ssid: ssid, name: name), type: "802-11-wireless")
    }

    /// Adds a Wi-Fi device named `name`; returns its path.
    package func nmAddWiFiDevice(_ name: String) throws -> String {
        try Self.firstString(
            call(Self.nm, "/org/freedesktop", Self.mock, "AddWiFiDevice", "('\(name)', '\(name)', 100)")
        )
    }

    /// Adds an access point for `ssid` on `device`, a connection to it and an active connection
    /// (all named `name`); returns the active connection's path.
    package func nmAddWiFiNetwork(device: String, ssid: String, name: String) throws -> String {
        let ap = try Self.firstString(
            call(
                Self.nm,
                "/org/freedesktop",
                Self.mock,
                "AddAccessPoint",
                "('\(device)', '\(name)', '\(ssid)', '00:11:22:33:44:55', uint32 2, uint32 2437, uint32 54000, "
                    + "byte 0x50, uint32 0)"
            )
        )
        let connection = try Self.firstString(
            call(
                Self.nm,
                "/org/freedesktop",
                Self.mock,
                "AddWiFiConnection",
                "('\(device)', '\(name)', '\(ssid)', '')"
            )
        )
        return try Self.firstString(
            call(
                Self.nm,
                "/org/freedesktop",
                Self.mock,
                "AddActiveConnection",
                "(['\(device)'], '\(connection)', '\(ap)', '\(name)', uint32 2)"
            )
        )
    }

    /// Adds an Ethernet device, a wired connection and an active connection (all named
    /// `name`); returns the active connection's path.
    package func nmAddEthernet(name: String) throws -> String {
        let device = try Self.firstString(
            call(Self.nm, "/org/freedesktop", Self.mock, "AddEthernetDevice", "('\(name)', '\(name)', 100)")
        )
        let settings =
            "({'connection': {'type': <'802-3-ethernet'>, 'id': <'\(name)'>, 'uuid': <'\(UUID().uuidString.lowercased())'>}},)"
        let connection = try Self.firstString(
            call(Self.nm, Self.nmPath + "/Settings", Self.nm + ".Settings", "AddConnection", settings)
        )
        return try Self.firstString(
            call(
                Self.nm,
                "/org/freedesktop",
                Self.mock,
                "AddActiveConnection",
                "(['\(device)'], '\(connection)', '/', '\(name)', uint32 2)"
            )
        )
    }

    /// The first quoted string of a reply such as `(objectpath '/org/x',)`.
    static func firstString(_ reply: String) throws -> String {
        let parts = reply.split(separator: "'", omittingEmptySubsequences: false)
        guard parts.count >= 3 else { throw MockBusError(message: "no string in the reply \(reply)") }
        return String(parts[1])
    }
}
