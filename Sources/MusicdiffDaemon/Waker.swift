import Synchronization

/// Why the daemon's loop woke before its deadline.
public enum WakeReason: Sendable, Hashable {
    /// A sensor reading changed.
    case sensor
    /// SIGHUP: the configuration and policy were reloaded.
    case reload
}

/// Wakes the daemon's loop out of a wait: sensor change events and reloads are signalled
/// here from their own tasks, and the loop waits for the kinds it cares about. A signal
/// that arrives while the loop is busy is kept until the next wait, so none is lost.
final class Waker: Sendable {
    private struct State {
        var pending: Set<WakeReason> = []
        var waiter: (accepting: Set<WakeReason>, continuation: CheckedContinuation<WakeReason?, Never>)?
    }

    private let state = Mutex(State())

    /// Signals `reason`: resumes the waiter if it accepts it, else keeps it for later.
    func signal(_ reason: WakeReason) {
        let waiter = state.withLock { state -> CheckedContinuation<WakeReason?, Never>? in
            if let waiter = state.waiter, waiter.accepting.contains(reason) {
                state.waiter = nil
                return waiter.continuation
            }
            state.pending.insert(reason)
            return nil
        }
        waiter?.resume(returning: reason)
    }

    /// Waits for a signal among `accepting`; a kept one returns at once. Pending signals of
    /// other kinds are dropped: they no longer matter. Returns nil when cancelled.
    func wait(accepting: Set<WakeReason>) async -> WakeReason? {
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<WakeReason?, Never>) in
                let ready = state.withLock { state -> WakeReason?? in
                    if let reason = state.pending.first(where: accepting.contains) {
                        state.pending.removeAll()
                        return .some(reason)
                    }
                    state.pending.removeAll()
                    if Task.isCancelled { return .some(nil) }
                    state.waiter = (accepting, continuation)
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                defer { state.waiter = nil }
                return state.waiter?.continuation
            }
            waiter?.resume(returning: nil)
        }
    }
}
