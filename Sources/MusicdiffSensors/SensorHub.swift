import MusicdiffCore
import MusicdiffRuntime
import Synchronization

/// Where the battery reading comes from right now.
enum BatteryFeed: Sendable, Equatable {
    /// UPower's latest values, or why they cannot be used (a percentage of NaN).
    case upower(Reading<BatteryState>)
    /// UPower cannot be used, for this reason (`UPower is not running`): read `/sys` instead.
    case fallback(reason: String)
}

/// The latest reading of each D-Bus sensor, behind one lock, and the subscribers to their
/// changes. The GLib thread writes; any thread reads.
final class SensorHub: Sendable {
    private struct State {
        var network: Reading<NetworkState> = .unknown(reason: "NetworkManager has not answered yet")
        var battery: BatteryFeed = .fallback(reason: "UPower has not answered yet")
        var idle: Reading<IdleState> = .unknown(reason: "logind has not answered yet")
        var powerProfile: Reading<PowerProfileState> = .unknown(
            reason: "power-profiles-daemon has not answered yet"
        )
        /// Other programs' idle inhibitors and GameMode's clients.
        var busy: [BusyKind: BusySign] = [
            .idleInhibitor: .unknown("logind has not answered yet"),
            .gamemode: .unknown("GameMode has not answered yet"),
        ]
        /// Sensors without a first state yet.
        var pending: Set<SensorChange> = [
            .network, .battery, .idle, .powerProfile, .idleInhibitor, .gamemode,
        ]
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        /// Waiters whose time ran out before they were registered.
        var expired: Set<Int> = []
        var nextID = 0
        var closed = false
    }

    private let state = Mutex(State())
    private let changes = Broadcast<SensorChange>(buffering: 256)

    /// logind's suspend signals, delay and inhibitor requests.
    let sleep = SleepHub()

    /// The latest network reading.
    var network: Reading<NetworkState> { state.withLock { $0.network } }
    /// The latest battery feed.
    var battery: BatteryFeed { state.withLock { $0.battery } }
    /// The latest logind idle reading.
    var idle: Reading<IdleState> { state.withLock { $0.idle } }
    /// The latest power profile reading.
    var powerProfile: Reading<PowerProfileState> { state.withLock { $0.powerProfile } }
    /// The latest sign of a kind of busyness a service tells.
    func busy(_ kind: BusyKind) -> BusySign {
        state.withLock { $0.busy[kind] } ?? .unknown("no service tells \(kind.rawValue)")
    }
    /// All three at once, under one lock.
    var all: (Reading<NetworkState>, BatteryFeed, Reading<IdleState>) {
        state.withLock { ($0.network, $0.battery, $0.idle) }
    }

    /// Records a network reading; subscribers hear of it when it differs from the last.
    func set(network: Reading<NetworkState>) {
        update(.network) { state in
            defer { state.network = network }
            return state.network != network
        }
    }

    /// Records a battery feed; subscribers hear of it when it differs from the last.
    func set(battery: BatteryFeed) {
        update(.battery) { state in
            defer { state.battery = battery }
            return state.battery != battery
        }
    }

    /// Records an idle reading; subscribers hear of it when it differs from the last.
    func set(idle: Reading<IdleState>) {
        update(.idle) { state in
            defer { state.idle = idle }
            return state.idle != idle
        }
    }

    /// Records a power profile reading; subscribers hear of it when it differs from the last.
    func set(powerProfile: Reading<PowerProfileState>) {
        update(.powerProfile) { state in
            defer { state.powerProfile = powerProfile }
            return state.powerProfile != powerProfile
        }
    }

    /// Records the sign of other programs' idle inhibitors (`.idleInhibitor`) or of GameMode
    /// (`.gamemode`); subscribers hear of it when it differs from the last.
    func set(_ kind: BusyKind, _ sign: BusySign) {
        let change: SensorChange = kind == .gamemode ? .gamemode : .idleInhibitor
        update(change) { state in
            defer { state.busy[kind] = sign }
            return state.busy[kind] != sign
        }
    }

    /// A new subscriber's stream of changes.
    func subscribe() -> AsyncStream<SensorChange> { changes.subscribe() }

    /// Waits until every sensor has its first state, the hub is closed, or `timeout` passes.
    func waitUntilReady(timeout: Duration) async {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        let timer = Task { [weak self] in
            guard (try? await Timers.sleep(for: timeout)) != nil else { return }
            self?.expire(id)
        }
        // Cancellation (SIGTERM during start-up) ends the wait at once, as the timeout does.
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLock { state in
                    if state.pending.isEmpty || state.closed || state.expired.remove(id) != nil {
                        return true
                    }
                    state.waiters[id] = continuation
                    return false
                }
                if now {
                    continuation.resume()
                } else if Task.isCancelled {
                    expire(id)
                }
            }
        } onCancel: {
            expire(id)
        }
        timer.cancel()
    }

    /// Marks every reading unknown, ends every subscriber's stream (sleep events too) and
    /// releases every waiter; later updates are ignored.
    func close() {
        sleep.close()
        let waiters = state.withLock { state in
            state.closed = true
            state.network = .unknown(reason: "the D-Bus sensors are stopped")
            state.battery = .fallback(reason: "the D-Bus sensors are stopped")
            state.idle = .unknown(reason: "the D-Bus sensors are stopped")
            state.powerProfile = .unknown(reason: "the D-Bus sensors are stopped")
            state.busy = [
                .idleInhibitor: .unknown("the D-Bus sensors are stopped"),
                .gamemode: .unknown("the D-Bus sensors are stopped"),
            ]
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        changes.close()
        waiters.forEach { $0.resume() }
    }

    /// Applies `mutate` (which says whether the reading changed), marks `change`'s sensor as
    /// ready, and tells subscribers and waiters outside the lock.
    private func update(_ change: SensorChange, _ mutate: (inout State) -> Bool) {
        typealias Wakes = (changed: Bool, [CheckedContinuation<Void, Never>])
        let (changed, waiters) = state.withLock { state -> Wakes in
            guard !state.closed else { return (false, []) }
            let changed = mutate(&state)
            var ready: [CheckedContinuation<Void, Never>] = []
            if state.pending.remove(change) != nil, state.pending.isEmpty {
                ready = Array(state.waiters.values)
                state.waiters = [:]
            }
            return (changed, ready)
        }
        if changed { changes.publish(change) }
        waiters.forEach { $0.resume() }
    }

    /// A waiter's time is up.
    private func expire(_ id: Int) {
        let waiter = state.withLock { state in
            guard let waiter = state.waiters.removeValue(forKey: id) else {
                state.expired.insert(id)
                return CheckedContinuation<Void, Never>?.none
            }
            return waiter
        }
        waiter?.resume()
    }
}
