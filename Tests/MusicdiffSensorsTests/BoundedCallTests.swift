import Dispatch
import Foundation
import Synchronization
import Testing

@testable import MusicdiffSensors

/// A call that may hang (a `statfs` on a network mount whose server is gone) is waited for at
/// most its deadline, and no second one starts while it hangs.
@Suite struct BoundedCallTests {
    @Test func aCallThatReturnsInTimeGivesItsValue() {
        let call = BoundedCall()
        guard case .returned(let value) = call.run(within: .seconds(30), { 42 }) else {
            Issue.record("a quick call was taken for a hanging one")
            return
        }
        #expect(value == 42)
    }

    @Test func aHangingCallIsLeftAndNoOtherStartsUntilItReturns() {
        let call = BoundedCall()
        let release = DispatchSemaphore(value: 0)
        let started = Atomic(0)
        let hang: @Sendable () -> Int = {
            started.add(1, ordering: .relaxed)
            release.wait()
            return 1
        }
        guard case .hanging(let since) = call.run(within: .milliseconds(50), hang) else {
            Issue.record("a call that never returned was taken as returned")
            return
        }
        guard case .hanging(let again) = call.run(within: .seconds(30), { 2 }) else {
            Issue.record("a second call started while the first still hangs")
            return
        }
        #expect(again == since)
        #expect(started.load(ordering: .relaxed) == 1)

        release.signal()
        // Looked for on this thread, not across awaits: amid a full test run Swift's few
        // cooperative threads are held by other tests, and a suspended look came back after
        // the deadline having tried once.
        let end = ContinuousClock.now + .seconds(60)
        var answered: Int?
        while answered == nil, ContinuousClock.now < end {
            if case .returned(let value) = call.run(within: .seconds(30), { 3 }) { answered = value }
            if answered == nil { usleep(10_000) }
        }
        #expect(answered == 3, "once the hung call returns, calls run again")
    }
}
