import Synchronization

/// The subscribers to one kind of event, behind their own lock: each ``subscribe()`` is a new
/// stream that hears every event published after it, until ``close()``. The sensor hub's
/// changes and logind's sleep events are both told this way.
final class Broadcast<Event: Sendable>: Sendable {
    private struct State {
        var subscribers: [Int: AsyncStream<Event>.Continuation] = [:]
        var nextID = 0
        var closed = false
    }

    private let state = Mutex(State())
    /// How many events a subscriber that does not keep up holds (the newest).
    private let buffer: Int

    /// A broadcast whose subscribers each hold up to `buffer` events not read yet.
    init(buffering buffer: Int) { self.buffer = buffer }

    /// A new subscriber's stream of events; one that ends at once after ``close()``.
    func subscribe() -> AsyncStream<Event> {
        let (stream, continuation) = AsyncStream<Event>.makeStream(bufferingPolicy: .bufferingNewest(buffer))
        let id = state.withLock { state -> Int? in
            guard !state.closed else { return nil }
            state.nextID += 1
            state.subscribers[state.nextID] = continuation
            return state.nextID
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    /// Tells every subscriber of `event` (outside the lock); nothing after ``close()``.
    func publish(_ event: Event) {
        let subscribers = state.withLock { state in state.closed ? [] : Array(state.subscribers.values) }
        subscribers.forEach { $0.yield(event) }
    }

    /// Ends every subscriber's stream; later events are dropped.
    func close() {
        let subscribers = state.withLock { state in
            state.closed = true
            defer { state.subscribers = [:] }
            return Array(state.subscribers.values)
        }
        subscribers.forEach { $0.finish() }
    }
}
