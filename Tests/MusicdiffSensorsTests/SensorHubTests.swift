import Foundation
import Testing

@testable import MusicdiffSensors

@Suite struct SensorHubTests {
    @Test func cancellingTheWaitForTheFirstReadingsEndsItAtOnce() async {
        let hub = SensorHub()
        let start = ContinuousClock.now
        let waiting = Task { await hub.waitUntilReady(timeout: .seconds(3600)) }
        waiting.cancel()
        await waiting.value
        // Without cancellation it would wait the hour for sensors that never answer.
        #expect(ContinuousClock.now - start < .seconds(600))
    }

    @Test(.timeLimit(.minutes(1))) func closingTheHubEndsTheWait() async {
        let hub = SensorHub()
        let start = ContinuousClock.now
        let waiting = Task { await hub.waitUntilReady(timeout: .seconds(3600)) }
        hub.close()
        await waiting.value
        // Without the close it would wait the hour; the time limit fails a hang.
        #expect(ContinuousClock.now - start < .seconds(600))
    }
}
