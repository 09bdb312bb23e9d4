import Foundation

/// Steering what the `busy` rule reads over D-Bus: another program's idle lock on
/// python-dbusmock's `logind` template, and a GameMode object on a session bus.
extension MockBus {
    /// Starts a program that takes logind's `block` lock on `idle` as `who` for `why` (the
    /// mock's `Inhibit`) and holds its descriptor until killed with the bus; returns once
    /// the mock lists it. The template has no `BlockInhibited`: ``BusDriver/logindSetBlockInhibited(_:)``
    /// announces the change as logind would.
    package func holdIdleLock(who: String, why: String) throws {
        let script = """
            import dbus, time
            bus = dbus.bus.BusConnection('\(path)')
            manager = bus.get_object('org.freedesktop.login1', '/org/freedesktop/login1')
            fd = manager.Inhibit('idle', '\(who)', '\(why)', 'block', dbus_interface='org.freedesktop.login1.Manager')
            time.sleep(3600)
            """
        try startProgram("/usr/bin/python3", ["-c", script])
        let driver = try driver()
        guard
            try poll(
                timeout: .seconds(10),
                until: { try driver.logindInhibitors().contains { $0.who == who } }
            )
        else { throw MockBusError(message: "\(who)'s idle lock was not taken") }
    }

    /// Starts python-dbusmock as `com.feralinteractive.GameMode` on this (session) bus with a
    /// `ClientCount` of `clients`, and waits until it answers.
    package func startGameMode(clients: Int32 = 0) throws {
        try startProgram(
            "/usr/bin/python3",
            ["-m", "dbusmock", BusDriver.gameMode, BusDriver.gameModePath, BusDriver.gameMode]
        )
        let driver = try driver()
        let added = poll(timeout: .seconds(10)) {
            (try? driver.call(
                BusDriver.gameMode,
                BusDriver.gameModePath,
                "org.freedesktop.DBus.Mock",
                "AddProperty",
                "('\(BusDriver.gameMode)', 'ClientCount', <int32 \(clients)>)"
            )) != nil
        }
        guard added else { throw MockBusError(message: "the GameMode mock did not answer") }
    }
}

extension BusDriver {
    static let gameMode = "com.feralinteractive.GameMode"
    static let gameModePath = "/com/feralinteractive/GameMode"

    /// Sets logind's `BlockInhibited` (`idle`, or `""`) and emits its PropertiesChanged, as
    /// logind does when a block lock is taken or released.
    package func logindSetBlockInhibited(_ what: String) throws {
        let manager = "org.freedesktop.login1.Manager"
        let mock = "org.freedesktop.DBus.Mock"
        let path = "/org/freedesktop/login1"
        _ = try? call(
            "org.freedesktop.login1",
            path,
            mock,
            "AddProperty",
            "('\(manager)', 'BlockInhibited', <''>)"
        )
        try call(
            "org.freedesktop.login1",
            path,
            mock,
            "UpdateProperties",
            "('\(manager)', {'BlockInhibited': <'\(what)'>})"
        )
    }

    /// Sets GameMode's `ClientCount` and emits its PropertiesChanged, as GameMode does when a
    /// game registers or leaves.
    package func setGameModeClients(_ count: Int32) throws {
        try call(
            Self.gameMode,
            Self.gameModePath,
            "org.freedesktop.DBus.Mock",
            "UpdateProperties",
            "('\(Self.gameMode)', {'ClientCount': <int32 \(count)>})"
        )
    }
}
