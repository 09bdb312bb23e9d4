import Synchronization

/// How the daemon stops a running sync job because a `while_running` rule failed: it asks
/// here, with the reason and the grace period; the engine running the job listens.
/// A request made before the engine listens is kept and delivered when it does.
package final class RunControl: Sendable {
    /// A request to stop the job.
    package struct Stop: Sendable, Equatable {
        /// Why, as the log and the run record say it: `the network turned metered (yes)`.
        package var reason: String
        /// Time between SIGTERM and SIGKILL.
        package var grace: Duration
    }

    private struct State {
        var requested: Stop?
        var listener: (@Sendable (Stop) -> Void)?
    }

    private let state = Mutex(State())

    /// Creates a control with no stop requested.
    package init() {}

    /// The stop asked for, if any.
    var requested: Stop? { state.withLock { $0.requested } }

    /// Asks the job to stop; only the first request counts.
    package func stop(reason: String, grace: Duration) {
        let (listener, stop) = state.withLock { state -> ((@Sendable (Stop) -> Void)?, Stop?) in
            guard state.requested == nil else { return (nil, nil) }
            let stop = Stop(reason: reason, grace: grace)
            state.requested = stop
            return (state.listener, stop)
        }
        if let listener, let stop { listener(stop) }
    }

    /// Calls `listener` on the stop request, at once if one was made already.
    package func listen(_ listener: @escaping @Sendable (Stop) -> Void) {
        let pending = state.withLock { state -> Stop? in
            state.listener = listener
            return state.requested
        }
        if let pending { listener(pending) }
    }
}
