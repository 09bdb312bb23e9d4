/// Steering python-dbusmock's `power_profiles_daemon` template.
extension BusDriver {
    private static let powerProfiles = "net.hadess.PowerProfiles"

    /// Sets `ActiveProfile` (`power-saver`, `balanced`, `performance`), as the user's choice in
    /// the desktop's menu does; the mock emits `PropertiesChanged`.
    package func setPowerProfile(_ profile: String) throws {
        try call(
            Self.powerProfiles,
            "/net/hadess/PowerProfiles",
            "org.freedesktop.DBus.Properties",
            "Set",
            "('\(Self.powerProfiles)', 'ActiveProfile', <'\(profile)'>)"
        )
    }
}
