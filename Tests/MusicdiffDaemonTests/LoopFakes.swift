import Foundation
import MusicdiffCore
import MusicdiffRuntime
import MusicdiffSensors
import MusicdiffTestSupport
import Synchronization

@testable import MusicdiffDaemon

/// The executor the loop tests run the daemon's loop on: the daemon's kind (a
/// ``QuietExecutor``), with a thread of its own, so that tests blocking Swift's global pool
/// (the real-binary ones wait synchronously) cannot starve it.
let loopExecutor = Executors.dedicated()

/// Starts `body` on ``loopExecutor``, with the tasks it starts on their own preferring it too
/// (``PreferredExecutor``).
func onLoopExecutor<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> Task<T, Never> {
    PreferredExecutor.$current.withValue(loopExecutor) {
        Task(executorPreference: loopExecutor, operation: body)
    }
}

/// Sensors whose readings the test sets; each change is announced as the real ones do.
final class FakeSensors: DaemonSensors {
    private struct State {
        var network: Reading<NetworkState> = .known(
            NetworkState(metered: .no, primary: .wifi, ssid: "Home", connectivity: .full)
        )
        var battery: Reading<BatteryState> = .known(
            BatteryState(onBattery: false, percent: 100, state: nil, source: "fake")
        )
        var idle: Reading<IdleState> = .known(IdleState(idleSince: .distantPast, source: "fake"))
        var load: Reading<LoadState> = .known(LoadState(oneMinute: 0.4, cpus: 4))
        var listeners: [AsyncStream<SensorChange>.Continuation] = []
        var sleepListeners: [AsyncStream<SleepEvent>.Continuation] = []
        var holds = 0
    }

    private let state = Mutex(State())

    func waitUntilReady(timeout: Duration) async {}

    func snapshot(now: Date, lastSync: Reading<LastSync>, dueSince: Date?) -> Snapshot {
        state.withLock {
            Snapshot.testing(
                lastSync: lastSync,
                dueSince: dueSince,
                idle: $0.idle,
                network: $0.network,
                load: $0.load,
                battery: $0.battery
            )
        }
    }

    func changes() -> AsyncStream<SensorChange> {
        let (stream, continuation) = AsyncStream<SensorChange>.makeStream()
        state.withLock { $0.listeners.append(continuation) }
        return stream
    }

    func stop() {
        state.withLock {
            $0.listeners.forEach { $0.finish() }
            $0.sleepListeners.forEach { $0.finish() }
        }
    }

    func sleepEvents() -> AsyncStream<SleepEvent> {
        let (stream, continuation) = AsyncStream<SleepEvent>.makeStream()
        state.withLock { $0.sleepListeners.append(continuation) }
        return stream
    }

    func holdSleep(why: String) async -> Result<any SleepHold, SensorError> {
        state.withLock { $0.holds += 1 }
        return .success(FakeHold(sensors: self))
    }

    func inhibitDelayMax() -> Duration? { .seconds(5) }

    /// How many sleep delay locks are held now.
    var holds: Int { state.withLock { $0.holds } }

    fileprivate func released() { state.withLock { $0.holds -= 1 } }

    /// logind announces a suspend (`true`) or the resume (`false`).
    func prepareForSleep(_ starting: Bool) {
        let listeners = state.withLock { $0.sleepListeners }
        listeners.forEach { $0.yield(starting ? .preparing : .resumed) }
    }

    /// On battery at `percent`, or on AC.
    func battery(onBattery: Bool, _ percent: Double?) {
        set(.battery) {
            $0.battery = .known(
                BatteryState(onBattery: onBattery, percent: percent, state: nil, source: "fake")
            )
        }
    }

    /// The network's metered state.
    func network(metered: NetworkState.Metered) {
        set(.network) {
            $0.network = .known(
                NetworkState(metered: metered, primary: .wifi, ssid: "Home", connectivity: .full)
            )
        }
    }

    /// A network reading that cannot be had.
    func networkUnknown() { set(.network) { $0.network = .unknown(reason: "NetworkManager is not running") } }

    /// The 1-minute load per core.
    func load(_ perCore: Double) {
        set(.battery) { $0.load = .known(LoadState(oneMinute: perCore * 4, cpus: 4)) }
    }

    private func set(_ change: SensorChange, _ body: (inout State) -> Void) {
        let listeners = state.withLock { state in
            body(&state)
            return state.listeners
        }
        listeners.forEach { $0.yield(change) }
    }
}

/// A fake sleep lock, counted by its sensors while held.
final class FakeHold: SleepHold {
    private let sensors: FakeSensors
    private let held = Mutex(true)

    init(sensors: FakeSensors) { self.sensors = sensors }

    func release() {
        let wasHeld = held.withLock { held in
            defer { held = false }
            return held
        }
        if wasHeld { sensors.released() }
    }
}

/// A sync job that runs until the daemon stops it (or the test ends it), counting its runs.
final class StoppableEngine: SyncEngine {
    private let ends = Mutex<[CheckedContinuation<SyncResult, Never>]>([])
    let runs = Mutex(0)

    func sync(_ request: SyncRequest) async -> SyncResult {
        runs.withLock { $0 += 1 }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                ends.withLock { $0.append(continuation) }
                if Task.isCancelled { finish(SyncResult(outcome: .interrupted)) }
                request.control.listen { [weak self] stop in
                    self?.finish(SyncResult(outcome: .stopped, message: stop.reason))
                }
            }
        } onCancel: {
            finish(SyncResult(outcome: .interrupted))
        }
    }

    /// Waits until a job runs and can be ended; false after `timeout`.
    func running(within timeout: Duration = .seconds(60)) async -> Bool {
        let end = ContinuousClock.now + timeout
        while ContinuousClock.now < end {
            if !ends.withLock({ $0.isEmpty }) { return true }
            try? await Task.sleep(for: .milliseconds(1))
        }
        return !ends.withLock({ $0.isEmpty })
    }

    /// Ends the running job with `result`.
    func finish(_ result: SyncResult) {
        let waiting = ends.withLock { ends in
            defer { ends.removeAll() }
            return ends
        }
        waiting.forEach { $0.resume(returning: result) }
    }
}

/// The loop's events as they come, to await one with a deadline: a waiter is woken by each
/// event the loop emits (as service-lifecycle's `MockService` is), not by polling.
final class LoopEvents: Sendable {
    private struct State {
        var seen: [LoopEvent] = []
        var waiters: [UUID: CheckedContinuation<Void, Never>] = [:]
    }

    private let state = Mutex(State())

    func record(_ event: LoopEvent) {
        let waiters = state.withLock { state in
            state.seen.append(event)
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        waiters.forEach { $0.resume() }
    }

    var all: [LoopEvent] { state.withLock { $0.seen } }

    /// Waits until `count` events match `match`; false after `timeout`.
    func wait(
        for count: Int = 1,
        within timeout: Duration = .seconds(60),
        _ match: (LoopEvent) -> Bool
    ) async -> Bool {
        let end = ContinuousClock.now + timeout
        while true {
            let seen = all
            if seen.filter(match).count >= count { return true }
            guard ContinuousClock.now < end else { return false }
            await next(after: seen.count, until: end)
        }
    }

    /// Returns once more than `known` events were emitted, or at `end`.
    private func next(after known: Int, until end: ContinuousClock.Instant) async {
        let id = UUID()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let waiting = state.withLock { state -> Bool in
                guard state.seen.count == known else { return false }
                state.waiters[id] = continuation
                return true
            }
            guard waiting else { return continuation.resume() }
            Task {
                try? await Task.sleep(until: end)
                state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
            }
        }
    }

    func count(_ match: (LoopEvent) -> Bool) -> Int { all.filter(match).count }
}
