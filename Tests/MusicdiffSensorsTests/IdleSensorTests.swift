import Foundation
import MusicdiffCore
import MusicdiffTestSupport
import Testing

@testable import MusicdiffSensors

extension DBusSensorTests {
    @Suite struct Idle {
        static let uid = UInt32(getuid())

        @Test func theSessionGoesIdle() async throws {
            var session = ""
            try await withLiveBus(
                [.logind],
                setup: { session = try $0.logindAddSession("c1", uid: Self.uid, type: "x11") }
            ) {
                live in
                #expect(
                    live.sensors.logindIdle()
                        == .known(IdleState(idleSince: nil, source: "logind session c1"))
                )
                let since = microseconds(Date().addingTimeInterval(-20 * 60))
                let expected = IdleState(
                    idleSince: Date(timeIntervalSince1970: Double(since) / 1_000_000),
                    source: "logind session c1"
                )
                let changed = try await live.sensors.change(
                    .idle,
                    after: { try live.driver.logindSetSessionIdle(session, hint: true, since: since) }
                ) { $0.logindIdle() == .known(expected) }
                #expect(changed)
                #expect(
                    live.sensors.logindIdle().value?.idleSince.map { Date().timeIntervalSince($0) }.map {
                        $0 > 1190 && $0 < 1300
                    } == true
                )
            }
        }

        @Test func withoutASessionTheManagerIsRead() async throws {
            try await withLiveBus([.logind]) { live in
                #expect(
                    live.sensors.logindIdle() == .known(IdleState(idleSince: nil, source: "logind manager"))
                )
                let since = microseconds(Date().addingTimeInterval(-300))
                let changed = try await live.sensors.change(
                    .idle,
                    after: { try live.driver.logindSetManagerIdle(hint: true, since: since) }
                ) { $0.logindIdle().value?.idleSince != nil }
                #expect(changed)
                #expect(live.sensors.logindIdle().value?.source == "logind manager")
            }
        }

        @Test func aNewSessionIsPickedUp() async throws {
            try await withLiveBus([.logind]) { live in
                #expect(live.sensors.logindIdle().value?.source == "logind manager")
                let changed = try await live.sensors.change(
                    .idle,
                    after: {
                        let path = try live.driver.logindAddSession("c2", uid: Self.uid, type: "wayland")
                        try live.driver.logindAnnounceSession("c2", path: path)
                    }
                ) { $0.logindIdle().value?.source == "logind session c2" }
                #expect(changed)
            }
        }

        @Test func theActiveGraphicalSessionIsPreferred() async throws {
            try await withLiveBus(
                [.logind],
                setup: { driver in
                    _ = try driver.logindAddSession("c1", uid: Self.uid, type: "tty")
                    _ = try driver.logindAddSession("c2", uid: Self.uid, active: false, type: "x11")
                    _ = try driver.logindAddSession("c3", uid: Self.uid, type: "wayland")
                    _ = try driver.logindAddSession("c4", uid: Self.uid + 1, type: "x11")
                }
            ) { live in
                #expect(live.sensors.logindIdle().value?.source == "logind session c3")
            }
        }
    }
}
