import Benchmark
import Foundation
import MusicdiffCore

/// One decision of the shipped `laptop` policy on a snapshot where every rule has a reading.
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
        battery: .known(BatteryState(onBattery: true, percent: 23, state: "discharging", source: "UPower"))
    )
    let instant = LocalInstant(date: now, utcOffset: 3600)

    Benchmark(
        "laptop decision",
        configuration: .init(
            metrics: [.wallClock, .mallocCountTotal, .instructions],
            maxDuration: .seconds(3)
        )
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(PolicyEngine.decide(policy, on: snapshot, at: instant))
        }
    }

    // The harness's own cost per iteration, to subtract from the decision's.
    Benchmark(
        "empty iteration (harness baseline)",
        configuration: .init(
            metrics: [.wallClock, .mallocCountTotal, .instructions],
            maxDuration: .seconds(3)
        )
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(instant)
        }
    }
}
