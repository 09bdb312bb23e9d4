import Benchmark
import Foundation
import MusicdiffCore

/// One decision of the shipped `laptop` policy on a snapshot where every rule has a reading,
/// and the same with a three-step ladder of which two steps are in force.
let benchmarks: @Sendable () -> Void = {
    let policy = ShippedPolicies.policy(named: "laptop")!
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let snapshot = Snapshot(
        lastSync: .known(.at(now.addingTimeInterval(-7 * 3600))),
        dueSince: now.addingTimeInterval(-3600),
        activity: Snapshot.notTracked
    ) { reading in
        switch reading {
        case .idle:
            AnyReading(
                .known(IdleState(idleSince: now.addingTimeInterval(-1200), source: "logind session 2"))
            )
        case .network:
            AnyReading(
                .known(NetworkState(metered: .guessNo, primary: .wifi, ssid: "HomeNet", connectivity: .full))
            )
        case .load: AnyReading(.known(LoadState(oneMinute: 0.4, cpus: 4)))
        case .battery:
            AnyReading(
                .known(BatteryState(onBattery: true, percent: 23, state: "discharging", source: "UPower"))
            )
        case .powerProfile:
            AnyReading(.known(PowerProfileState(profile: "balanced", source: "power-profiles-daemon")))
        case .storage:
            AnyReading(
                .known(StorageState(mount: "/home", free: 50 * 1_073_741_824, total: 500 * 1_073_741_824))
            )
        case .busy:
            AnyReading(.known(BusyState([.idleInhibitor: .free, .camera: .free, .microphone: .free])))
        }
    }
    let instant = LocalInstant(date: now, utcOffset: 3600)
    // A thousand decisions per sample, reported per decision (`*` in the table): one
    // decision is shorter than the clock's and the harness's own cost per sample.
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal, .instructions],
        scalingFactor: .kilo,
        maxDuration: .seconds(3)
    )

    Benchmark("laptop decision", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(PolicyEngine.decide(policy, on: snapshot, at: instant))
        }
    }

    // The design's three-step ladder shape: the sync is 30h overdue, so two steps apply
    // (cumulatively) and the third is the next one, with its start time and the deadline.
    var ladderPolicy = policy
    ladderPolicy.relax = [
        RelaxStep(after: .seconds(12 * 3600), idle: .replace(IdleRule(min: .seconds(120)))),
        RelaxStep(after: .seconds(24 * 3600), network: .replace(NetworkRule(require: .online))),
        RelaxStep(after: .seconds(36 * 3600), idle: .off, battery: .replace(BatteryRule(minPercent: 20))),
    ]
    var overdueSnapshot = snapshot
    overdueSnapshot.dueSince = now.addingTimeInterval(-30 * 3600)
    // Captured as constants: a captured `var` is copied out of its box on every call.
    let (ladder, overdue) = (ladderPolicy, overdueSnapshot)

    Benchmark("laptop decision, three-step ladder", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(PolicyEngine.decide(ladder, on: overdue, at: instant))
        }
    }

    // The shipped laptop policy as it was before issue 23 added `power_profile` and `busy` to
    // it (five reading rules; 1ec014a's policies/laptop.yaml): the same work as the `laptop
    // decision` of trees before it, to compare the decision's cost across changes of its
    // structure.
    let fiveRules = try! PolicyParser.parse(
        """
        name: laptop
        description: Sync when I'm away, on an unmetered network, on AC or a healthy battery.
        min_gap: 6h
        idle: { min: 10m }
        network: { require: unmetered }
        load: { max_per_core: 0.7 }
        battery: { on_battery: allow, min_percent: 40 }
        on_unknown: pass
        relax:
          - after: 12h
            idle: { min: 2m }
          - after: 24h
            load: { max_per_core: 1.5 }
            battery: { min_percent: 30 }
          - after: 36h
            network: { require: online }
            idle: off
        max_deferral: 48h
        poll: 60s
        while_running:
          network: { require: unmetered }
          battery: { min_percent: 25 }
          idle: { active_for: 1m }
          on_sleep: stop
          grace: 30s
        settle: 2m
        """,
        file: "five-rules.yaml",
        defaultName: "laptop"
    )
    var fiveRulesLadder = fiveRules
    fiveRulesLadder.relax = ladderPolicy.relax
    let fiveLadder = fiveRulesLadder

    Benchmark("five-rule laptop decision", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(PolicyEngine.decide(fiveRules, on: snapshot, at: instant))
        }
    }

    Benchmark("five-rule laptop decision, three-step ladder", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(PolicyEngine.decide(fiveLadder, on: overdue, at: instant))
        }
    }

    // The harness's own cost per iteration, to subtract from the decision's.
    Benchmark("empty iteration (harness baseline)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(instant)
        }
    }
}
