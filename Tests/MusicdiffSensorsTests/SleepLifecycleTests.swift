import Foundation
import MusicdiffCore
import MusicdiffTestSupport
import Testing

@testable import MusicdiffSensors

extension DBusSensorTests {
    /// Sleep events and inhibitors without logind, without a bus, after stopping, and across
    /// logind restarting.
    @Suite struct SleepLifecycle {
        @Test func withoutLogindInhibitingFailsWithTheReason() async throws {
            try await withLiveBus([]) { live in
                let events = StreamRecorder(live.sensors.sleepEvents())
                let result = await live.sensors.inhibitSleep(why: "stopping a sync")
                #expect(result.failure == .logindUnavailable(reason: "logind is not running"))
                #expect(result.failure?.description == "no sleep inhibitor: logind is not running")
                #expect(live.sensors.inhibitDelayMax() == nil)
                live.sensors.stop()
                #expect(await events.waitUntilEnded())
                #expect(events.elements.isEmpty)
            }
        }

        @Test func withoutABusInhibitingFailsWithTheReason() async throws {
            setenv("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/nonexistent/musicdiff-no-bus", 1)
            let sensors = DBusSensors(paths: SensorPaths())
            defer { sensors.stop() }
            let events = StreamRecorder(sensors.sleepEvents())
            // Asked at once, while connecting: answered when the connection fails.
            let result = await sensors.inhibitSleep(why: "stopping a sync")
            guard case .logindUnavailable(let reason) = result.failure else {
                Issue.record("expected logind to be unavailable, got \(result)")
                return
            }
            #expect(reason.hasPrefix("no system bus: "))
            #expect(sensors.inhibitDelayMax() == nil)
            sensors.stop()
            #expect(await events.waitUntilEnded())
            #expect(events.elements.isEmpty)
        }

        @Test func afterStopInhibitingFailsAndStreamsEnd() async throws {
            try await withLiveBus([.logind]) { live in
                live.sensors.stop()
                #expect(await live.sensors.inhibitSleep(why: "stopping a sync").failure == .stopped)
                let events = StreamRecorder(live.sensors.sleepEvents())
                #expect(await events.waitUntilEnded())
            }
        }

        @Test func logindRestartingKeepsEventsAndInhibitorsWorking() async throws {
            try await withLiveBus([]) { live in
                let events = StreamRecorder(live.sensors.sleepEvents())
                var mock = try live.bus.start(.logind)
                #expect(await Self.inhibitorWorks(live))
                try live.driver.logindEmitPrepareForSleep(true)
                #expect(await events.wait(for: 1) == [.preparing])

                mock.kill()
                #expect(
                    await eventually {
                        await live.sensors.inhibitSleep(why: "x").failure
                            == .logindUnavailable(reason: "logind is not running")
                    }
                )

                mock = try live.bus.start(.logind)
                #expect(await Self.inhibitorWorks(live))
                try live.driver.logindEmitPrepareForSleep(false)
                #expect(
                    await events.wait(for: 2) == [.preparing, .resumed],
                    "the same stream, the new logind"
                )
                mock.kill()
            }
        }

        /// Waits until an inhibitor can be taken (logind has appeared), then releases it.
        static func inhibitorWorks(_ live: LiveBus) async -> Bool {
            await eventually {
                guard case .success(let inhibitor) = await live.sensors.inhibitSleep(why: "x") else {
                    return false
                }
                inhibitor.release()
                return true
            }
        }
    }
}

extension Result {
    /// The error, if this is a failure.
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
