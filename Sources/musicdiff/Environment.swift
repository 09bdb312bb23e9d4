import Foundation
import MusicdiffCore
import MusicdiffDaemon
import MusicdiffSensors

/// What the commands take from the process environment.
struct Environment {
    let variables = ProcessInfo.processInfo.environment

    /// `$MUSICDIFF_HOME`, made absolute so that a detached daemon can leave the working folder.
    var home: MusicdiffHome {
        let home = MusicdiffHome(environment: variables)
        guard !home.path.hasPrefix("/") else { return home }
        return MusicdiffHome(path: FileManager.default.currentDirectoryPath + "/" + home.path)
    }

    var sensorPaths: SensorPaths { SensorPaths(environment: variables) }
    var resolver: PolicyResolver { PolicyResolver(home: home) }

    /// A policy reference with a relative path made absolute.
    func absolutePolicy(_ reference: String) -> String { resolver.absolute(reference) }

    /// Where a one-shot command's readings come from.
    enum Readings {
        /// The running daemon's, asked on its socket.
        case daemon(DaemonReadings.Machine)
        /// Live sensors this command started (``startSensors(for:)``).
        case sensors(MachineSensors)
    }

    /// The live sensors for one look at what `policy`'s rules read, started now: their
    /// D-Bus round trips run on their own thread while the command reads the store.
    func startSensors(for policy: Policy) -> MachineSensors {
        let sensors = MachineSensors(
            paths: sensorPaths,
            memory: FileInputActivityMemory(path: home.path + "/input-activity"),
            use: .readOnce(SensorServices(readBy: policy))
        )
        sensors.follow(policy)
        return sensors
    }

    /// The policy's decision on the machine now, as one-shot commands take it: on `readings`
    /// (by default, live sensors started here), and the state store's last sync and due
    /// time. A what-if question moves now to `at` and replaces the readings `assuming` names.
    func decideNow(
        _ policy: Policy,
        state: StateReadings,
        at moment: Date? = nil,
        assuming: [Assumption] = [],
        from readings: Readings? = nil
    ) async -> Decision {
        let now = moment ?? Date()
        let dueSince = state.dueSince(at: now)
        let snapshot: Snapshot
        switch readings ?? .sensors(startSensors(for: policy)) {
        case .daemon(let machine):
            var daemons = machine.snapshot(lastSync: state.lastSync, dueSince: dueSince)
            // The free space is the one reading that depends on the policy (its path): the
            // daemon reads its own policy's, so the path of the policy asked about is read here.
            if let path = policy.storage?.path {
                daemons.storage = StorageSensor(paths: sensorPaths, home: MachineSensors.home).read(path)
            }
            snapshot = daemons
        case .sensors(let sensors):
            // Given a moment to connect; the command prints and exits next, so libnm gets no
            // orderly teardown to wait for.
            await sensors.waitUntilReady(timeout: .seconds(1))
            snapshot = sensors.snapshot(now: now, lastSync: state.lastSync, dueSince: dueSince)
            sensors.leaveForExit()
        }
        return PolicyEngine.decide(
            policy,
            on: snapshot.assuming(assuming, at: now),
            at: LocalInstant(date: now, timeZone: .current)
        )
    }

    /// The running daemon's readings, asked on its socket, and where the report says the
    /// readings come from: the daemon, or this command (and why, when a daemon runs and did
    /// not give them; no daemon, or one without sensors, needs no word).
    func daemonReadings(
        pid: Int32?
    ) -> (machine: DaemonReadings.Machine?, loop: LoopView?, origin: WhyNotReport.ReadingsOrigin) {
        guard let pid else { return (nil, nil, .sensors(daemonProblem: nil)) }
        switch ReadingsSocket.ask(path: home.readingsSocket, timeout: .seconds(1), daemon: pid) {
        case .success(let readings):
            guard let machine = readings.machine else {
                return (nil, readings.loop, .sensors(daemonProblem: nil))
            }
            return (machine, readings.loop, .daemon(pid: readings.pid))
        case .failure(let failure):
            return (nil, nil, .sensors(daemonProblem: "the daemon (pid \(pid)) \(failure)"))
        }
    }
}
