// The predicted window's cost per decision, the function alone, on a store given:
// (a) from the rows: a read of the last 14 days' moments and a decision per moment (how it
//     was computed before the summary, and still is for a policy the store keeps none for);
// (b) from the summary the daemon keeps (StateStore.prediction), with its rows counted.
// Build: MUSICDIFF_BENCHMARKS=1 swift build -c release --scratch-path .build-bench --product predict-bench
// Run:   .build-bench/release/predict-bench STORE POLICY [RUNS]   (scripts/bench_predict.py does)
import Foundation
import MusicdiffCore
import MusicdiffDaemon

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    print("usage: predict-bench STORE POLICY [RUNS]")
    exit(2)
}
let runs = arguments.count > 3 ? Int(arguments[3]) ?? 20 : 20
// The policy as the daemon and why-not resolve it (a shipped name, or a file's path).
let home = MusicdiffHome(environment: ProcessInfo.processInfo.environment)
let policy = try PolicyResolver(home: home).resolve(arguments[2]).policy
guard let store = try StateStore.openForReading(path: arguments[1]) else {
    print("no store at \(arguments[1])")
    exit(1)
}
let clock = ContinuousClock()
let now = try store.newestMoment().map { $0.addingTimeInterval(600) } ?? Date()

/// The median, min and max of `runs` timings of `body`, in milliseconds.
func measure(_ body: () throws -> Prediction?) rethrows -> (String, Prediction?) {
    var times: [Double] = []
    var result: Prediction?
    for _ in 0..<runs {
        let elapsed = try clock.measure { result = try body() }
        let (seconds, attoseconds) = elapsed.components
        times.append(Double(seconds) * 1000 + Double(attoseconds) / 1e15)
    }
    times.sort()
    let text = String(
        format: "min %.3f ms, median %.3f ms, max %.3f ms",
        times[0],
        times[runs / 2],
        times[runs - 1]
    )
    return (text, result)
}

let (rows, scanned) = try measure { try store.scannedPrediction(for: policy, now: now, utcOffset: 0) }
print("prediction from the rows (14 days read, a decision each): \(rows)")
let kept = try store.summary(for: policy) != nil
let (summary, summed) = try measure { try store.prediction(for: policy, now: now, timeZone: .gmt) }
print("prediction from the summary\(kept ? "" : " (none kept for this policy: from the rows)"): \(summary)")
let words = summed.map { "\($0.from) to \($0.to), on \($0.days) of \($0.of) days" } ?? "none"
print("same prediction: \(scanned == summed) (\(words))")
