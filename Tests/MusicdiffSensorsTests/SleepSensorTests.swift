import Foundation
import MusicdiffCore
import MusicdiffTestSupport
import Testing

@testable import MusicdiffSensors

extension DBusSensorTests {
    /// logind's PrepareForSleep signal and its delay inhibitors, against the logind mock.
    @Suite struct Sleep {
        static let lock = LogindInhibitor.musicdiffSleepDelay

        @Test func sleepEventsArriveInOrder() async throws {
            try await withLiveBus([.logind]) { live in
                let events = StreamRecorder(live.sensors.sleepEvents())
                let other = StreamRecorder(live.sensors.sleepEvents())
                for starting in [true, false, true, false] {
                    try live.driver.logindEmitPrepareForSleep(starting)
                }
                let expected: [SleepEvent] = [.preparing, .resumed, .preparing, .resumed]
                #expect(await events.wait(for: 4) == expected)
                #expect(await other.wait(for: 4) == expected, "every subscriber hears every event")
            }
        }

        @Test func aSleepEventArrivesPromptly() async throws {
            try await withLiveBus([.logind]) { live in
                let events = live.sensors.sleepEvents()
                try live.driver.logindEmitPrepareForSleep(true)
                // Within the deadline, or it hangs. How promptly is the benchmark's to measure
                // (sensor-bench's event latency): a wall-clock bound here failed on a busy runner.
                #expect(await events.first(within: .seconds(5)) { _ in true } == .preparing)
            }
        }

        @Test func anInhibitorIsHeldUntilReleased() async throws {
            try await withLiveBus([.logind]) { live in
                #expect(try live.driver.logindInhibitors().isEmpty)
                let inhibitor = try await live.sensors.inhibitSleep(why: Self.lock.why).get()
                #expect(inhibitor.isHeld)
                let descriptor = try #require(inhibitor.fileDescriptor)
                #expect(fcntl(descriptor, F_GETFD) & FD_CLOEXEC != 0, "a sync job must not inherit the lock")
                #expect(try live.driver.logindInhibitors() == [Self.lock])

                inhibitor.release()
                #expect(!inhibitor.isHeld)
                #expect(try await eventually { try live.driver.logindInhibitors().isEmpty })
                inhibitor.release()
            }
        }

        @Test func droppingAnInhibitorReleasesIt() async throws {
            try await withLiveBus([.logind]) { live in
                var inhibitor: SleepInhibitor? = try await live.sensors.inhibitSleep(why: Self.lock.why).get()
                #expect(inhibitor != nil)
                #expect(try live.driver.logindInhibitors() == [Self.lock])
                inhibitor = nil
                #expect(try await eventually { try live.driver.logindInhibitors().isEmpty })
            }
        }

        @Test func twoInhibitorsAreHeldApart() async throws {
            try await withLiveBus([.logind]) { live in
                let first = try await live.sensors.inhibitSleep(why: "one").get()
                let second = try await live.sensors.inhibitSleep(why: "two").get()
                #expect(try live.driver.logindInhibitors().map(\.why).sorted() == ["one", "two"])
                first.release()
                #expect(try await eventually { try live.driver.logindInhibitors().map(\.why) == ["two"] })
                second.release()
                #expect(try await eventually { try live.driver.logindInhibitors().isEmpty })
            }
        }

        @Test func theDelayMaxIsRead() async throws {
            try await withLiveBus(
                [.logind],
                setup: { try $0.logindSetInhibitDelayMax(microseconds: 5_000_000) }
            ) { live in
                #expect(await eventually { live.sensors.inhibitDelayMax() != nil })
                #expect(live.sensors.inhibitDelayMax() == .seconds(5))
            }
        }
    }
}
