import CGio

/// The D-Bus clients of one ``DBusSensors``, on its GLib thread: connects to the system bus,
/// then starts the NetworkManager, UPower and logind clients on it. Without a bus, or when the
/// bus goes away, every reading says so; a bus that went away is connected to again, after
/// 1 s, then 2 s, 4 s... up to a minute between tries, and the clients start afresh on it.
final class SensorSession {
    /// A request for an inhibitor: what it holds off, its reason, and where the answer goes.
    typealias InhibitRequest = (
        lock: InhibitLock, why: String, answer: (Result<SleepInhibitor, SensorError>) -> Void
    )

    private let hub: SensorHub
    private let thread: GLibThread
    /// Cancels connecting to the bus.
    private let connecting = g_cancellable_new()!
    private var bus: SystemBus?
    private var network: NetworkManagerClient?
    private var upower: UPowerClient?
    private var logind: LogindClient?
    private var powerProfiles: PowerProfilesClient?
    private var inhibitors: BusySignClient?
    /// GameMode's client, on a session bus connection of its own.
    private var gamemode: BusySignClient?
    private var sleep: LogindSleepClient?
    /// Why there is no bus (none, or it closed); nil while connecting or connected.
    private var busFailure: String?
    /// Inhibitor requests made while connecting to the bus.
    private var waitingForBus: [InhibitRequest] = []
    private var closed = false
    /// Followed, or a command's one look at some services.
    private let use: SensorUse
    /// The wait before the next try to connect again, in milliseconds.
    private var retryDelay: UInt32 = SensorSession.firstRetry
    /// The first wait before connecting again to a bus that went away.
    static let firstRetry: UInt32 = 1_000

    private init(hub: SensorHub, thread: GLibThread, use: SensorUse) {
        self.hub = hub
        self.thread = thread
        self.use = use
    }

    deinit { g_object_unref(connecting) }

    /// Starts the session on `thread` (call from it) and puts it in `slot`; returns how to end it.
    static func start(
        hub: SensorHub,
        thread: GLibThread,
        slot: SessionSlot,
        use: SensorUse = .follow
    ) -> GLibThread.Teardown {
        let session = SensorSession(hub: hub, thread: thread, use: use)
        slot.session = session
        session.notAsked()
        if use.services.isEmpty {
            return GLibThread.Teardown(release: { slot.session = nil }, isDrained: { true })
        }
        if use.services.contains(.gameMode) {
            GameModeClient.start(hub: hub, thread: thread, cancellable: session.connecting) {
                [weak session] client in
                guard let session, !session.closed else { return client.close() }
                session.gamemode = client
            }
        }
        SystemBus.connect(on: thread, cancellable: session.connecting) { [weak session] result in
            guard let session, !session.closed else { return }
            switch result {
            case .failure(let error): session.noBus("no system bus: \(error.message)")
            case .success(let bus): session.started(on: bus)
            }
        }
        return GLibThread.Teardown(
            release: {
                session.close()
                slot.session = nil
            },
            isDrained: { session.network?.isDrained ?? true }
        )
    }

    private func started(on bus: SystemBus) {
        self.bus = bus
        busFailure = nil
        retryDelay = Self.firstRetry
        bus.onClosed { [weak self] in
            self?.closeClients()
            self?.noBus("the system bus connection closed")
            self?.reconnectLater()
        }
        let services = use.services
        if services.contains(.networkManager) {
            network = NetworkManagerClient(hub: hub)
            network?.start(connection: bus.connection)
        }
        if services.contains(.upower) {
            upower = UPowerClient(hub: hub, bus: bus, worker: use != .follow)
            upower?.start()
        }
        if services.contains(.logind) {
            logind = LogindClient(hub: hub, bus: bus)
            logind?.start()
            inhibitors = IdleInhibitorsClient.make(hub: hub, bus: bus)
            inhibitors?.start()
        }
        if services.contains(.powerProfiles) {
            powerProfiles = PowerProfilesClient(hub: hub, bus: bus)
            powerProfiles?.start()
        }
        if use == .follow {
            sleep = LogindSleepClient(hub: hub.sleep, bus: bus)
            sleep?.start()
        }
        waitingForBus.forEach(inhibit)
        waitingForBus = []
    }

    /// Asks logind for an inhibitor lock; waits for the bus when still connecting.
    func inhibit(_ request: InhibitRequest) {
        if closed || use != .follow { return request.answer(.failure(.stopped)) }
        if let busFailure { return request.answer(.failure(.logindUnavailable(reason: busFailure))) }
        guard let sleep else { return waitingForBus.append(request) }
        sleep.inhibit(request)
    }

    /// The readings of the services this session does not ask: unknown, and why.
    private func notAsked() {
        let services = use.services
        if !services.contains(.networkManager) { hub.set(network: .unknown(reason: SensorServices.notAsked)) }
        if !services.contains(.upower) { hub.set(battery: .fallback(reason: SensorServices.notAsked)) }
        if !services.contains(.logind) {
            hub.set(idle: .unknown(reason: SensorServices.notAsked))
            hub.set(.idleInhibitor, .unknown(SensorServices.notAsked))
        }
        if !services.contains(.powerProfiles) {
            hub.set(powerProfile: .unknown(reason: SensorServices.notAsked))
        }
        if !services.contains(.gameMode) { hub.set(.gamemode, .unknown(SensorServices.notAsked)) }
    }

    /// Every reading unknown for `reason`; the battery falls back to `/sys`.
    private func noBus(_ reason: String) {
        busFailure = reason
        waitingForBus.forEach { $0.answer(.failure(.logindUnavailable(reason: reason))) }
        waitingForBus = []
        hub.set(network: .unknown(reason: reason))
        hub.set(battery: .fallback(reason: reason))
        hub.set(idle: .unknown(reason: reason))
        hub.set(powerProfile: .unknown(reason: reason))
        hub.set(.idleInhibitor, .unknown(reason))
    }

    /// Tries the bus again after the current delay (then doubles it, up to a minute).
    private func reconnectLater() {
        guard !closed else { return }
        let delay = retryDelay
        retryDelay = min(retryDelay * 2, 60_000)
        thread.after(milliseconds: delay) { [weak self] in
            guard let self, !self.closed else { return }
            SystemBus.connect(on: self.thread, cancellable: self.connecting) { [weak self] result in
                guard let self, !self.closed else { return }
                switch result {
                case .failure: self.reconnectLater()
                case .success(let bus): self.started(on: bus)
                }
            }
        }
    }

    private func closeClients() {
        sleep?.close()
        logind?.close()
        inhibitors?.close()
        powerProfiles?.close()
        upower?.close()
        network?.close()
        bus?.close()
        (logind, upower, sleep, powerProfiles, inhibitors) = (nil, nil, nil, nil, nil)
    }

    private func close() {
        closed = true
        g_cancellable_cancel(connecting)
        closeClients()
        gamemode?.close()
        gamemode?.bus.close()
        gamemode = nil
        waitingForBus.forEach { $0.answer(.failure(.stopped)) }
        waitingForBus = []
    }
}

/// The GLib thread's ``SensorSession``, for closures sent there with ``GLibThread/invoke(_:)``.
/// `@unchecked Sendable`: `session` is only read and written on that thread.
final class SessionSlot: @unchecked Sendable {
    /// The session, from its start until its teardown.
    var session: SensorSession?
}
