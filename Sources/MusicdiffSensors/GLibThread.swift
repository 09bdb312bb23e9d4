import CGio
import Dispatch
import Foundation
import Synchronization

/// One thread that owns a GLib main context, pushed as its thread-default, and runs a main
/// loop on it. Every D-Bus client is created on this thread and every signal arrives here;
/// other threads reach it only through ``invoke(_:)`` (`g_main_context_invoke_full`).
///
/// `@unchecked Sendable`: the context and loop pointers are only handed to GLib calls that are
/// thread-safe (`g_main_context_invoke_full`, `g_main_loop_quit`) from other threads.
final class GLibThread: @unchecked Sendable {
    /// What the thread does when its loop ends: release the clients, then report whether their
    /// pending clean-ups on the context have all run.
    struct Teardown {
        /// Releases the clients; runs on the thread after the loop quits.
        var release: () -> Void
        /// Whether the released clients are done with the context.
        var isDrained: () -> Bool = { true }
    }

    /// `GMainContext *`.
    private let context: OpaquePointer
    /// `GMainLoop *`.
    private let loop: OpaquePointer
    /// Signalled when the thread has torn down and left the context.
    private let finished = DispatchSemaphore(value: 0)
    /// Whether ``stop(timeout:)`` has run.
    private let stopped = Mutex(false)

    /// Starts the thread; `setup` runs on it, with the context as thread-default, before the
    /// loop runs, and returns what to do when the loop ends.
    init(name: String, setup: @escaping @Sendable (GLibThread) -> Teardown) {
        // GTask's pool threads (libnm and GDBus use them at start-up) would otherwise linger
        // 15 s and wake once to exit; let them exit as soon as their work is done.
        g_thread_pool_set_max_unused_threads(0)
        context = g_main_context_new()
        loop = g_main_loop_new(context, 0)
        let thread = Thread { [self] in run(setup) }
        thread.name = name
        thread.start()
    }

    deinit {
        g_main_loop_unref(loop)
        g_main_context_unref(context)
    }

    /// Runs `body` on the thread, soon (at once when called from the thread itself).
    func invoke(_ body: @escaping @Sendable () -> Void) {
        let box = Unmanaged.passRetained(CallbackBox<() -> Void>(body)).toOpaque()
        g_main_context_invoke_full(
            context,
            G_PRIORITY_DEFAULT,
            { data in
                Unmanaged<CallbackBox<() -> Void>>.fromOpaque(data!).takeUnretainedValue().body()
                return 0  // G_SOURCE_REMOVE
            },
            box,
            { data in Unmanaged<CallbackBox<() -> Void>>.fromOpaque(data!).release() }
        )
    }

    /// Runs `body` on the thread after `milliseconds`; call only from the thread.
    func after(milliseconds: UInt32, _ body: @escaping () -> Void) {
        let box = Unmanaged.passRetained(CallbackBox<() -> Void>(body)).toOpaque()
        let source = g_timeout_source_new(milliseconds)
        g_source_set_callback(
            source,
            { data in
                Unmanaged<CallbackBox<() -> Void>>.fromOpaque(data!).takeUnretainedValue().body()
                return 0  // G_SOURCE_REMOVE
            },
            box,
            { data in Unmanaged<CallbackBox<() -> Void>>.fromOpaque(data!).release() }
        )
        g_source_attach(source, context)
        g_source_unref(source)
    }

    /// Quits the loop, lets the thread release its clients, and waits (at most `timeout`) for
    /// it to finish. Safe to call more than once and from any thread but this one.
    func stop(timeout: Duration = .seconds(2)) {
        let first = stopped.withLock { stopped in
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        invoke { [self] in g_main_loop_quit(loop) }
        _ = finished.wait(timeout: .now() + .milliseconds(Int(timeout / .milliseconds(1))))
    }

    /// Makes later ``stop(timeout:)`` calls (and so `deinit`'s) do nothing: the thread runs
    /// until the process exits.
    func abandon() { stopped.withLock { $0 = true } }

    /// The thread's body.
    private func run(_ setup: (GLibThread) -> Teardown) {
        g_main_context_push_thread_default(context)
        let teardown = setup(self)
        g_main_loop_run(loop)
        teardown.release()
        drain(until: teardown.isDrained, within: .seconds(1))
        g_main_context_pop_thread_default(context)
        finished.signal()
    }

    /// Iterates the context until `isDrained` holds and nothing is pending, or the time is up:
    /// libnm and GDBus finish their clean-ups (cancelled calls, dropped watches) there.
    private func drain(until isDrained: () -> Bool, within limit: Duration) {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if g_main_context_pending(context) != 0 {
                g_main_context_iteration(context, 0)
            } else if isDrained() {
                return
            } else {
                after(milliseconds: 10) {}
                g_main_context_iteration(context, 1)
            }
        }
    }
}

/// A Swift value carried through a C callback's `user_data`.
final class CallbackBox<Body> {
    /// The value.
    let body: Body

    /// Boxes `body`.
    init(_ body: Body) { self.body = body }
}
