// swift-tools-version: 6.2
// Benchmarks, kept out of the main package so that CI's build and tests do not compile
// package-benchmark. Run with `scripts/bench` from the repository root.
import Foundation
import PackageDescription

/// SwiftPM names a path dependency after its folder, which is wherever the repository was cloned.
let main = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .lastPathComponent

let package = Package(
    name: "musicdiff-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        .package(
            url: "https://github.com/ordo-one/package-benchmark",
            from: "1.38.1",
            traits: ["MallocInterposer"]
        ),
    ],
    targets: [
        // One decision of the laptop policy on a snapshot (package-benchmark).
        .executableTarget(
            name: "PolicyBenchmarks",
            dependencies: [
                .product(name: "MusicdiffCore", package: main),
                .product(name: "Benchmark", package: "package-benchmark"),
            ],
            path: "Benchmarks/PolicyBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
        // Snapshot cost and bus-to-Swift event latency of the live sensors, against python-dbusmock.
        .executableTarget(
            name: "sensor-bench",
            dependencies: [
                .product(name: "MusicdiffCore", package: main),
                .product(name: "MusicdiffSensors", package: main),
                .product(name: "MusicdiffTestSupport", package: main),
            ],
            path: "Sources/sensor-bench"
        ),
        // The predicted window's cost per decision: from 14 days of rows, and from the summary.
        .executableTarget(
            name: "predict-bench",
            dependencies: [
                .product(name: "MusicdiffCore", package: main),
                .product(name: "MusicdiffDaemon", package: main),
            ],
            path: "Sources/predict-bench"
        ),
        // The cost of one camera scan of the busy rule (every /proc/PID/fd link), on this machine.
        .executableTarget(
            name: "camera-scan-bench",
            dependencies: [.product(name: "MusicdiffSensors", package: main)],
            path: "Sources/camera-scan-bench"
        ),
    ]
)
