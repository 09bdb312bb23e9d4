/// Steering python-dbusmock's `upower` template.
extension BusDriver {
    private static let upower = "org.freedesktop.UPower"
    private static let upowerPath = "/org/freedesktop/UPower"

    /// Sets `OnBattery`.
    package func upowerSetOnBattery(_ onBattery: Bool) throws {
        try call(
            Self.upower,
            Self.upowerPath,
            "org.freedesktop.DBus.Properties",
            "Set",
            "('\(Self.upower)', 'OnBattery', <\(onBattery)>)"
        )
    }

    /// Sets the display device's charge, state (1 charging, 2 discharging, 4 fully charged...)
    /// and presence; a present display device is a battery.
    package func upowerSetDisplayDevice(percent: Double, state: UInt32, present: Bool = true) throws {
        let properties =
            "{'Percentage': <\(percent)>, 'State': <uint32 \(state)>, 'IsPresent': <\(present)>, "
            + "'Type': <uint32 \(present ? 2 : 0)>}"
        try call(
            Self.upower,
            Self.upowerPath,
            "org.freedesktop.DBus.Mock",
            "SetDeviceProperties",
            "(objectpath '\(Self.upowerPath)/devices/DisplayDevice', \(properties))"
        )
    }
}
