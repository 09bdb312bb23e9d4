import Synchronization

/// The daemon loop's one stream of inputs: every task that learns of something (a signal, a
/// sensor change, the job's end, a timer) posts it here, and the loop takes them one at a
/// time, in order. Nothing is dropped, and a task's cancellation does not end the stream: a
/// shutdown is itself an input the loop must still take, with the job to stop after it.
///
/// Invariant: one consumer. ``next()`` is called by the loop alone, never twice at once.
final class Inbox<Element: Sendable>: Sendable {
    private struct State {
        var queue: [Element] = []
        var head = 0
        var waiter: CheckedContinuation<Element, Never>?
    }

    private let state = Mutex(State())

    /// Posts `element`: the waiting consumer gets it now, else it is kept in order.
    func post(_ element: Element) {
        let waiter = state.withLock { state -> CheckedContinuation<Element, Never>? in
            guard let waiter = state.waiter else {
                state.queue.append(element)
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume(returning: element)
    }

    /// The oldest element not yet taken, waiting for one when there is none.
    func next() async -> Element {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> Element? in
                guard state.head < state.queue.count else {
                    precondition(state.waiter == nil, "an Inbox has one consumer")
                    state.waiter = continuation
                    return nil
                }
                let element = state.queue[state.head]
                state.head += 1
                if state.head == state.queue.count {
                    state.queue.removeAll(keepingCapacity: true)
                    state.head = 0
                }
                return element
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
