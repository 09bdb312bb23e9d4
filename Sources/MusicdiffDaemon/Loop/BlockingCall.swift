import Foundation
import Synchronization

/// A flag set once, from any thread: a blocking C call polls it (libcurl's progress
/// callback) or is told through `onSet` (a `GCancellable`).
final class StopFlag: Sendable {
    private let flag = Atomic(false)
    private let onSet: @Sendable () -> Void

    /// Creates a clear flag; `onSet` runs once, when it is first set.
    init(onSet: @escaping @Sendable () -> Void = {}) { self.onSet = onSet }

    /// Whether it is set.
    var isSet: Bool { flag.load(ordering: .acquiring) }

    /// Sets it; the first time, runs `onSet`.
    func set() {
        if !flag.exchange(true, ordering: .acquiringAndReleasing) { onSet() }
    }
}

/// Runs `body`, blocking C work (a libcurl transfer, synchronous GDBus calls), on a thread of
/// its own, so that it never holds one of the few threads of Swift's cooperative pool.
/// Cancelling the awaiting task sets `stop`, which `body` must heed to return early.
func runBlocking<T: Sendable>(stop: StopFlag, _ body: @escaping @Sendable () -> T) async -> T {
    await withTaskCancellationHandler {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: body()) }
            thread.name = "musicdiff-notify"
            thread.start()
        }
    } onCancel: {
        stop.set()
    }
}
