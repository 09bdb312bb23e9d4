import MusicdiffTestSupport
import Synchronization

/// Collects a stream's elements as they arrive, so that a test can wait for several in turn on
/// one stream (``AsyncStream/first(within:where:)`` ends the stream it waits on).
final class StreamRecorder<Element: Sendable>: Sendable {
    private struct Recorded {
        var elements: [Element] = []
        var ended = false
        var task: Task<Void, Never>?
    }

    private let state = Mutex(Recorded())

    /// Starts collecting `stream`.
    init(_ stream: AsyncStream<Element>) {
        let task = Task { [weak self] in
            for await element in stream { self?.state.withLock { $0.elements.append(element) } }
            self?.state.withLock { $0.ended = true }
        }
        state.withLock { $0.task = task }
    }

    deinit { state.withLock { $0.task?.cancel() } }

    /// What arrived so far.
    var elements: [Element] { state.withLock { $0.elements } }

    /// Whether the stream has ended.
    var hasEnded: Bool { state.withLock { $0.ended } }

    /// Waits (at most `timeout`) until `count` elements have arrived; returns what has.
    /// Suspends rather than blocks: the collecting task needs a thread of the shared pool.
    func wait(for count: Int, timeout: Duration = .seconds(5)) async -> [Element] {
        _ = await eventually(timeout: timeout, every: .milliseconds(2)) { elements.count >= count }
        return elements
    }

    /// Waits (at most `timeout`) until the stream has ended; says whether it did.
    func waitUntilEnded(timeout: Duration = .seconds(5)) async -> Bool {
        await eventually(timeout: timeout, every: .milliseconds(2)) { hasEnded }
    }
}

/// Checks the async `condition` every `interval` until it holds or `timeout` has passed; says
/// whether it held. Unlike ``poll(timeout:every:until:)`` it suspends between checks instead of
/// blocking a thread of the shared pool, which the tests running beside it need.
func eventually(
    timeout: Duration = .seconds(5),
    every interval: Duration = .milliseconds(20),
    _ condition: () async throws -> Bool
) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while true {
        if try await condition() { return true }
        if ContinuousClock.now >= deadline { return false }
        try? await Task.sleep(for: interval)
    }
}
