import Foundation
import MusicdiffCore
import MusicdiffTestSupport
import Testing

@testable import MusicdiffSensors

extension DBusSensorTests {
    /// What the `busy` rule hears over D-Bus: another program's idle lock (python-dbusmock's
    /// `logind` template, `Inhibit`/`ListInhibitors`) and GameMode's `ClientCount` (a dbusmock
    /// object on a private session bus).
    @Suite(.serialized) struct BusyServices {
        @Test func anotherProgramsIdleLockIsNamedButMusicdiffsOwnIsNot() async throws {
            try await withLiveBus([.logind]) { live in
                #expect(live.sensors.busySign(.idleInhibitor) == .free)
                // musicdiff's own lock (keep_awake) never makes the user busy.
                try live.bus.holdIdleLock(who: "musicdiff", why: "a sync is running")
                let own = try await live.sensors.change(
                    .idleInhibitor,
                    within: .seconds(1),
                    after: { try live.driver.logindSetBlockInhibited("idle") }
                ) { $0.busySign(.idleInhibitor) != .free }
                #expect(!own, "\(live.sensors.busySign(.idleInhibitor))")

                try live.bus.holdIdleLock(who: "Firefox", why: "video playing")
                let film = try await live.sensors.change(
                    .idleInhibitor,
                    after: { try live.driver.logindSetBlockInhibited("idle:idle") }
                ) { $0.busySign(.idleInhibitor) == .inUse("Firefox: video playing") }
                #expect(film, "\(live.sensors.busySign(.idleInhibitor))")
            }
        }

        @Test func withoutLogindTheIdleLocksAreUnknown() async throws {
            try await withLiveBus([]) { live in
                #expect(live.sensors.busySign(.idleInhibitor) == .unknown("logind is not running"))
            }
        }

        /// Runs `body` with the sensors on a private session bus too, GameMode on it with
        /// `clients` unless nil.
        func withSessionBus(
            gameMode clients: Int32?,
            _ body: (MockBus, LiveBus) async throws -> Void
        ) async throws {
            let session = try MockBus(kind: .session)
            defer { session.stop() }
            if let clients { try session.startGameMode(clients: clients) }
            let before = ProcessInfo.processInfo.environment["DBUS_SESSION_BUS_ADDRESS"]
            setenv("DBUS_SESSION_BUS_ADDRESS", session.path, 1)
            defer {
                before.map { setenv("DBUS_SESSION_BUS_ADDRESS", $0, 1) }
                    ?? unsetenv("DBUS_SESSION_BUS_ADDRESS")
            }
            try await withLiveBus([]) { live in try await body(session, live) }
        }

        @Test func gameModesClientsMakeTheUserBusy() async throws {
            try await withSessionBus(gameMode: 0) { session, live in
                #expect(live.sensors.busySign(.gamemode) == .free)
                let game = try await live.sensors.change(
                    .gamemode,
                    after: { try session.driver().setGameModeClients(1) }
                ) { $0.busySign(.gamemode) == .inUse("GameMode: 1 game running") }
                #expect(game, "\(live.sensors.busySign(.gamemode))")
                let over = try await live.sensors.change(
                    .gamemode,
                    after: { try session.driver().setGameModeClients(0) }
                ) { $0.busySign(.gamemode) == .free }
                #expect(over)
            }
        }

        @Test func withoutGameModeOnTheSessionBusItIsUnknown() async throws {
            try await withSessionBus(gameMode: nil) { _, live in
                #expect(live.sensors.busySign(.gamemode) == .unknown("GameMode is not running"))
            }
        }
    }
}
