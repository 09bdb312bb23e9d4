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
        idle: .known(IdleState(idleSince: now.addingTimeInterval(-1200), source: "logind session 2")),
        network: .known(
            NetworkState(metered: .guessNo, primary: .wifi, ssid: "HomeNet", connectivity: .full)
        ),
        load: .known(LoadState(oneMinute: 0.4, cpus: 4)),
        battery: .known(BatteryState(onBattery: true, percent: 23, state: "discharging", source: "UPower")),
        powerProfile: .known(PowerProfileState(profile: "balanced", source: "power-profiles-daemon")),
        storage: .known(StorageState(mount: "/home", free: 50 * 1_073_741_824, total: 500 * 1_073_741_824)),
        busy: .known(BusyState([.idleInhibitor: .free, .camera: .free, .microphone: .free])),
        activity: Snapshot.notTracked
    )
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

    // The harness's own cost per iteration, to subtract from the decision's.
    Benchmark("empty iteration (harness baseline)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(instant)
        }
    }
}
