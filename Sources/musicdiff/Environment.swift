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

    /// The policy's decision on the machine now, as one-shot commands take it: the live
    /// sensors, given a moment to connect, and the state store's last sync and due time.
    /// A what-if question moves now to `at` and replaces the readings `assuming` names.
    func decideNow(
        _ policy: Policy,
        state: StateReadings,
        at moment: Date? = nil,
        assuming: [Assumption] = []
    ) async -> Decision {
        let sensors = MachineSensors(
            paths: sensorPaths,
            memory: FileInputActivityMemory(path: home.path + "/input-activity")
        )
        await sensors.waitUntilReady(timeout: .seconds(1))
        // The command prints and exits next: no orderly teardown of libnm to wait for.
        defer { sensors.leaveForExit() }
        let now = moment ?? Date()
        let snapshot = sensors.snapshot(now: now, lastSync: state.lastSync, dueSince: state.dueSince(at: now))
            .assuming(assuming, at: now)
        return PolicyEngine.decide(policy, on: snapshot, at: LocalInstant(date: now, timeZone: .current))
    }
}
