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

    /// The policy's decision on the machine now, as one-shot commands take it: the running
    /// daemon's readings when given, else the live sensors, given a moment to connect; and
    /// the state store's last sync and due time. A what-if question moves now to `at` and
    /// replaces the readings `assuming` names.
    func decideNow(
        _ policy: Policy,
        state: StateReadings,
        at moment: Date? = nil,
        assuming: [Assumption] = [],
        daemon: DaemonReadings? = nil
    ) async -> Decision {
        let now = moment ?? Date()
        let dueSince = state.dueSince(at: now)
        let snapshot =
            if let machine = daemon?.snapshot(lastSync: state.lastSync, dueSince: dueSince) {
                machine
            } else {
                await liveSnapshot(
                    now: now,
                    lastSync: state.lastSync,
                    dueSince: dueSince,
                    services: SensorServices(readBy: policy)
                )
            }
        return PolicyEngine.decide(
            policy,
            on: snapshot.assuming(assuming, at: now),
            at: LocalInstant(date: now, timeZone: .current)
        )
    }

    /// A snapshot of the live sensors, given a moment to connect; of the D-Bus services, only
    /// `services` are asked.
    private func liveSnapshot(
        now: Date,
        lastSync: Reading<LastSync>,
        dueSince: Date?,
        services: SensorServices
    ) async -> Snapshot {
        let sensors = MachineSensors(
            paths: sensorPaths,
            memory: FileInputActivityMemory(path: home.path + "/input-activity"),
            use: .readOnce(services)
        )
        await sensors.waitUntilReady(timeout: .seconds(1))
        // The command prints and exits next: no orderly teardown of libnm to wait for.
        defer { sensors.leaveForExit() }
        return sensors.snapshot(now: now, lastSync: lastSync, dueSince: dueSince)
    }

    /// The running daemon's readings, asked on its socket; why there are none when a daemon
    /// runs and did not give them (nil problem: no daemon, or one without sensors).
    func daemonReadings(pid: Int32?) -> (readings: DaemonReadings?, problem: String?) {
        guard let pid else { return (nil, nil) }
        switch ReadingsSocket.ask(path: home.readingsSocket, timeout: .seconds(1)) {
        case .success(let readings): return (readings.machine == nil ? nil : readings, nil)
        case .failure(let failure): return (nil, "the daemon (pid \(pid)) \(failure)")
        }
    }
}
