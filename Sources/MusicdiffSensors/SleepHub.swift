import Synchronization

/// logind's suspend side, behind one lock: the subscribers to `PrepareForSleep`, its
/// `InhibitDelayMaxUSec`, and the callers waiting for a sleep inhibitor. The GLib thread
/// writes; any thread reads.
final class SleepHub: Sendable {
    /// A caller of ``DBusSensors/inhibitSleep(why:)`` waiting for logind's answer.
    typealias Waiter = CheckedContinuation<Result<SleepInhibitor, SensorError>, Never>

    private struct State {
        var waiters: [Int: Waiter] = [:]
        var delayMax: Duration?
        var nextID = 0
        var closed = false
    }

    private let state = Mutex(State())
    private let events = Broadcast<SleepEvent>(buffering: 64)

    /// logind's `InhibitDelayMaxUSec`, or nil when unknown.
    var delayMax: Duration? { state.withLock { $0.delayMax } }

    /// Records logind's `InhibitDelayMaxUSec` (nil: unknown).
    func set(delayMax: Duration?) {
        state.withLock { state in if !state.closed { state.delayMax = delayMax } }
    }

    /// A new subscriber's stream of sleep events, until ``close()``.
    func subscribe() -> AsyncStream<SleepEvent> { events.subscribe() }

    /// Tells every subscriber of `event`. Called only from the GLib thread, so every
    /// subscriber hears events in the order logind sent them.
    func publish(_ event: SleepEvent) { events.publish(event) }

    /// Registers `waiter`; returns its id, or nil (and answers it) when the hub is closed.
    func wait(_ waiter: Waiter) -> Int? {
        let id = state.withLock { state -> Int? in
            guard !state.closed else { return nil }
            state.nextID += 1
            state.waiters[state.nextID] = waiter
            return state.nextID
        }
        if id == nil { waiter.resume(returning: .failure(.stopped)) }
        return id
    }

    /// Answers waiter `id` with `result`. A lock nobody waits for any more is released.
    func answer(_ id: Int, with result: Result<SleepInhibitor, SensorError>) {
        guard let waiter = state.withLock({ $0.waiters.removeValue(forKey: id) }) else {
            if case .success(let inhibitor) = result { inhibitor.release() }
            return
        }
        waiter.resume(returning: result)
    }

    /// Ends every stream, answers every waiter with ``SensorError/stopped``, forgets the delay;
    /// later events and answers are dropped.
    func close() {
        let waiters = state.withLock { state in
            state.closed = true
            state.delayMax = nil
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        events.close()
        waiters.forEach { $0.resume(returning: .failure(.stopped)) }
    }
}
