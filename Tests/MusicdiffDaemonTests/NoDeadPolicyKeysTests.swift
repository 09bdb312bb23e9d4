import Foundation
import MusicdiffTestSupport
import Testing

@testable import MusicdiffCore
@testable import MusicdiffDaemon

/// The policy half of the no-dead-keys rule: each key a policy accepts, with two values
/// whose difference shows in what the daemon does with the policy (a decision, the wait it
/// plans, a stop of a running sync, the settle after a resume, what why-not says).
@Suite struct NoDeadPolicyKeysTests {
    static let noon = Date(timeIntervalSince1970: 1_800_014_400)  // 12:00 UTC

    static let policy: [String: (a: String, b: String)] = [
        "name": ("name: one\n", "name: two\n"),
        "description": ("description: mine\n", "description: yours\n"),
        "min_gap": ("min_gap: 1h\n", "min_gap: 6h\n"),
        "idle.min": ("idle: { min: 1m }\n", "idle: { min: 10m }\n"),
        "network.require": ("network: { require: online }\n", "network: { require: unmetered }\n"),
        "network.ssids": (
            "network: { require: wifi, ssids: [Home] }\n", "network: { require: wifi, ssids: [Cafe] }\n"
        ),
        "load.max_per_core": ("load: { max_per_core: 0.5 }\n", "load: { max_per_core: 0.9 }\n"),
        "battery.on_battery": ("battery: { on_battery: allow }\n", "battery: { on_battery: deny }\n"),
        "battery.min_percent": ("battery: { min_percent: 20 }\n", "battery: { min_percent: 40 }\n"),
        "power_profile.deny": (
            "power_profile: { deny: [power-saver] }\n", "power_profile: { deny: [balanced] }\n"
        ),
        "busy": ("busy: [camera]\n", "busy: [gamemode]\n"),
        "storage.path": (
            "storage: { path: /srv/music, min_free: 2GiB }\n",
            "storage: { path: /srv/other, min_free: 2GiB }\n"
        ),
        "storage.min_free": (
            "storage: { path: /srv/music, min_free: 2GiB }\n",
            "storage: { path: /srv/music, min_free: 10GiB }\n"
        ),
        "window": ("window: [\"10:00-14:00\"]\n", "window: [\"22:00-07:00\"]\n"),
        "on_unknown": (
            "network: { require: online }\non_unknown: pass\n",
            "network: { require: online }\non_unknown: block\n"
        ),
        "max_deferral": (
            "min_gap: 1h\nload: { max_per_core: 0.1 }\nmax_deferral: 24h\n",
            "min_gap: 1h\nload: { max_per_core: 0.1 }\nmax_deferral: 72h\n"
        ),
        "poll": ("load: { max_per_core: 0.1 }\npoll: 60s\n", "load: { max_per_core: 0.1 }\npoll: 5m\n"),
        "while_running.network.require": (
            "network: { require: unmetered }\nwhile_running:\n  network: { require: online }\n",
            "network: { require: unmetered }\nwhile_running:\n  network: { require: unmetered }\n"
        ),
        "while_running.network.ssids": (
            "network: { require: wifi, ssids: [Home] }\nwhile_running:\n  network: { require: wifi, ssids: [Home] }\n",
            "network: { require: wifi, ssids: [Home] }\nwhile_running:\n  network: { require: wifi, ssids: [Home, Cafe] }\n"
        ),
        "while_running.battery.min_percent": (
            "battery: { min_percent: 50 }\nwhile_running:\n  battery: { min_percent: 20 }\n",
            "battery: { min_percent: 50 }\nwhile_running:\n  battery: { min_percent: 40 }\n"
        ),
        "while_running.idle.active_for": (
            "idle: { min: 1m }\nwhile_running:\n  idle: { active_for: 30s }\n",
            "idle: { min: 1m }\nwhile_running:\n  idle: { active_for: 1m }\n"
        ),
        "while_running.power_profile.deny": (
            "power_profile: { deny: [balanced, power-saver] }\nwhile_running:\n  power_profile: { deny: [power-saver] }\n",
            "power_profile: { deny: [balanced, power-saver] }\nwhile_running:\n  power_profile: { deny: [balanced] }\n"
        ),
        "while_running.busy": (
            "busy: [camera, gamemode]\nwhile_running:\n  busy: [camera]\n",
            "busy: [camera, gamemode]\nwhile_running:\n  busy: [gamemode]\n"
        ),
        "while_running.storage.min_free": (
            "storage: { path: /srv/music, min_free: 20GiB }\nwhile_running:\n  storage: { min_free: 1GiB }\n",
            "storage: { path: /srv/music, min_free: 20GiB }\nwhile_running:\n  storage: { min_free: 10GiB }\n"
        ),
        "while_running.on_sleep": (
            "while_running:\n  on_sleep: stop\n", "while_running:\n  on_sleep: ignore\n"
        ),
        "while_running.grace": (
            "battery: { min_percent: 50 }\nwhile_running:\n  battery: { min_percent: 40 }\n  grace: 30s\n",
            "battery: { min_percent: 50 }\nwhile_running:\n  battery: { min_percent: 40 }\n  grace: 5s\n"
        ),
        "while_running.keep_awake": (
            "while_running:\n  keep_awake: false\n", "while_running:\n  keep_awake: true\n"
        ),
        "settle": ("settle: 2m\n", "settle: 10m\n"),
        "early": ("early: 30m\n", "early: 2h\n"),
        "relax.after": (
            "network: { require: unmetered }\nrelax:\n  - after: 30m\n    network: off\n",
            "network: { require: unmetered }\nrelax:\n  - after: 100h\n    network: off\n"
        ),
        "relax.idle.min": (
            "idle: { min: 10m }\nrelax:\n  - after: 30m\n    idle: { min: 1m }\n",
            "idle: { min: 10m }\nrelax:\n  - after: 30m\n    idle: { min: 10m }\n"
        ),
        "relax.network.require": (
            "network: { require: unmetered }\nrelax:\n  - after: 30m\n    network: { require: online }\n",
            "network: { require: unmetered }\nrelax:\n  - after: 30m\n    network: { require: unmetered }\n"
        ),
        "relax.network.ssids": (
            "network: { require: wifi, ssids: [Home] }\nrelax:\n  - after: 30m\n    network: { require: wifi, ssids: [Home] }\n",
            "network: { require: wifi, ssids: [Home] }\nrelax:\n  - after: 30m\n    network: { require: wifi, ssids: [Home, Cafe] }\n"
        ),
        "relax.load.max_per_core": (
            "load: { max_per_core: 0.1 }\nrelax:\n  - after: 30m\n    load: { max_per_core: 0.5 }\n",
            "load: { max_per_core: 0.1 }\nrelax:\n  - after: 30m\n    load: { max_per_core: 0.9 }\n"
        ),
        "relax.battery.on_battery": (
            "battery: { on_battery: deny }\nrelax:\n  - after: 30m\n    battery: { on_battery: allow }\n",
            "battery: { on_battery: deny }\nrelax:\n  - after: 30m\n    battery: { on_battery: deny }\n"
        ),
        "relax.battery.min_percent": (
            "battery: { min_percent: 50 }\nrelax:\n  - after: 30m\n    battery: { min_percent: 20 }\n",
            "battery: { min_percent: 50 }\nrelax:\n  - after: 30m\n    battery: { min_percent: 40 }\n"
        ),
        "relax.power_profile.deny": (
            "power_profile: { deny: [balanced, power-saver] }\nrelax:\n  - after: 30m\n    power_profile: { deny: [power-saver] }\n",
            "power_profile: { deny: [balanced, power-saver] }\nrelax:\n  - after: 30m\n    power_profile: { deny: [balanced] }\n"
        ),
        "relax.busy": (
            "busy: [camera, gamemode]\nrelax:\n  - after: 30m\n    busy: [camera]\n",
            "busy: [camera, gamemode]\nrelax:\n  - after: 30m\n    busy: [gamemode]\n"
        ),
        "relax.storage.min_free": (
            "storage: { path: /srv/music, min_free: 20% }\nrelax:\n  - after: 30m\n    storage: { min_free: 10% }\n",
            "storage: { path: /srv/music, min_free: 20% }\nrelax:\n  - after: 30m\n    storage: { min_free: 15% }\n"
        ),
        "relax.window": (
            "window: [\"01:00-02:00\"]\nrelax:\n  - after: 30m\n    window: [\"01:00-02:00\", \"10:00-14:00\"]\n",
            "window: [\"01:00-02:00\"]\nrelax:\n  - after: 30m\n    window: [\"22:00-07:00\"]\n"
        ),
    ]

    /// Machines the policy is judged on: batteries, networks, users, loads and readings
    /// that cannot be had, at noon and at night, soon after a sync and long after.
    static var snapshots: [(Snapshot, Date)] {
        let networks: [Reading<NetworkState>] = [
            .known(NetworkState(metered: .yes, primary: .wifi, ssid: "Home", connectivity: .full)),
            .known(NetworkState(metered: .no, primary: .wifi, ssid: "Cafe", connectivity: .full)),
            .known(NetworkState(metered: .no, primary: .wifi, ssid: "Home", connectivity: .full)),
            .unknown(reason: "NetworkManager is not running"),
        ]
        let batteries: [Reading<BatteryState>] = [
            .known(BatteryState(onBattery: true, percent: 30, source: "UPower")),
            .known(BatteryState(onBattery: false, percent: 90, source: "UPower")),
        ]
        var result: [(Snapshot, Date)] = []
        for (index, network) in networks.enumerated() {
            for battery in batteries {
                for now in [noon, noon.addingTimeInterval(11 * 3600)] {
                    let snapshot = Snapshot.testing(
                        lastSync: .known(.at(now.addingTimeInterval(-7200))),
                        dueSince: now.addingTimeInterval(index.isMultiple(of: 2) ? -3600 : -48 * 3600),
                        idle: .known(IdleState(idleSince: now.addingTimeInterval(-300), source: "logind")),
                        network: network,
                        load: .known(LoadState(oneMinute: 0.6 * 4, cpus: 4)),
                        battery: battery,
                        powerProfile: .known(
                            PowerProfileState(profile: "balanced", source: "power-profiles-daemon")
                        ),
                        storage: .known(
                            StorageState(mount: "/srv", free: 5 * 1_073_741_824, total: 40 * 1_073_741_824)
                        ),
                        busy: .known(
                            BusyState([.camera: .inUse("camera in use (pid 4711 cheese)"), .gamemode: .free])
                        ),
                        activity: .known(ActivityState(activeFor: .seconds(45), source: "logind"))
                    )
                    result.append((snapshot, now))
                }
            }
        }
        return result
    }

    /// What the daemon does with `text` as its policy, on every fixture machine.
    static func effect(ofPolicy text: String) throws -> String {
        let policy = try PolicyParser.parse(text, file: "p.yaml", defaultName: "p")
        var lines = ["listed as: \(policy.name) - \(policy.description ?? "")"]
        for (snapshot, now) in snapshots {
            let decision = PolicyEngine.decide(
                policy,
                on: snapshot,
                at: LocalInstant(date: now, utcOffset: 0)
            )
            let state = ScheduleState(nextDue: snapshot.dueSince ?? now, dueSince: snapshot.dueSince)
            let action = TickAction.next(state: state, now: now, decision: decision, policy: policy)
            lines.append(
                "\(decision.policy) \(decision.shouldSync) \(decision.verdicts.map(\.reason)) \(action)"
            )
            if let rules = policy.whileRunning {
                let check = PolicyEngine.whileRunning(policy, on: snapshot, at: now)
                let stop = DaemonLoop.stop(for: check, rules: rules)
                lines.append("while running: \(stop.map { "\($0.reason), grace \($0.grace)" } ?? "runs on")")
            }
        }
        lines.append("why-not: \(WhileRunning.stopClause(policy.whileRunning))")
        lines.append("the sensors read the free space of: \(policy.storage?.path ?? "nothing")")
        lines.append("holds off an idle suspend: \(DaemonLoop.keepsAwake(policy))")
        lines.append(
            "settle until: \(DaemonLoop.settleEnd(after: noon, policy).map(\.description) ?? "none")"
        )
        lines.append("machine at start: \(startActions(policy))")
        return lines.joined(separator: "\n")
    }

    /// What the daemon's machine does as it starts with `policy`, the sync due at 15:00:
    /// the wait it plans (until the due time, or where the `early` window opens).
    static func startActions(_ policy: Policy) -> [DaemonMachine.Action] {
        let plan = SchedulePlan(schedule: .interval(.seconds(6 * 3600)), timeZone: .gmt)
        var machine = DaemonMachine(setup: .init(plan: plan, policy: policy, scheduleKey: "every 6h"))
        let due = ScheduleState(nextDue: noon.addingTimeInterval(3 * 3600))
        return machine.handle(.started(persisted: due, lastRun: nil, lastSuccess: nil, jitter: 0), at: noon)
    }

    @Test func everyPolicyKeyIsInTheTable() {
        #expect(Set(AcceptedKeys.leaves(AcceptedKeys.policy)) == Set(Self.policy.keys))
    }

    @Test(arguments: Self.policy.keys.sorted())
    func everyPolicyKeyChangesWhatTheDaemonDoes(key: String) throws {
        let entry = try #require(Self.policy[key])
        #expect(try Self.effect(ofPolicy: entry.a) != Self.effect(ofPolicy: entry.b), "\(key)")
    }
}
