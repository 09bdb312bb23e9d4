import Dispatch
import Foundation
import Synchronization

/// Runs a blocking call that may never return (a `statfs` on a network mount whose server is
/// gone hangs in the kernel) on a thread of its own, waiting for it at most a deadline: the
/// daemon's one thread is never stuck in it. While a call that outlived its deadline still
/// hangs, no other is started (one stuck thread at most); asking again says since when.
final class BoundedCall: Sendable {
    /// When the call that outlived its deadline began; nil when none hangs.
    private let hangingSince = Mutex<Date?>(nil)

    /// What a bounded call gave.
    enum Outcome<Value: Sendable>: Sendable {
        /// It returned in time.
        case returned(Value)
        /// It had not returned by the deadline, or an earlier one still hangs (since when).
        case hanging(since: Date)
    }

    /// Runs `body` on a new thread and waits for it at most `deadline`.
    func run<Value: Sendable>(
        within deadline: Duration,
        _ body: @escaping @Sendable () -> Value
    ) -> Outcome<Value> {
        let started = Date()
        if let since = hangingSince.withLock({ $0 }) { return .hanging(since: since) }
        let attempt = Attempt<Value>()
        let thread = Thread {
            let value = body()
            attempt.result.withLock { $0 = value }
            attempt.done.signal()
            if attempt.late.load(ordering: .sequentiallyConsistent) {
                self.hangingSince.withLock { $0 = nil }
            }
        }
        thread.name = "musicdiff-bounded"
        thread.start()
        let (seconds, attoseconds) = deadline.components
        let nanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
        if attempt.done.wait(timeout: .now() + .nanoseconds(nanoseconds)) == .success,
            let value = attempt.result.withLock({ $0 })
        {
            return .returned(value)
        }
        hangingSince.withLock { $0 = started }
        attempt.late.store(true, ordering: .sequentiallyConsistent)
        // It may have returned between the wait's end and the mark: then nothing hangs.
        if let value = attempt.result.withLock({ $0 }) {
            hangingSince.withLock { $0 = nil }
            return .returned(value)
        }
        return .hanging(since: started)
    }
}

/// One call's result, handed from its thread to the waiter.
private final class Attempt<Value: Sendable>: Sendable {
    let result = Mutex<Value?>(nil)
    let done = DispatchSemaphore(value: 0)
    /// Set once the waiter has given up on it.
    let late = Atomic(false)
}
