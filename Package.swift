// swift-tools-version: 6.2
import Foundation
import PackageDescription

/// `MUSICDIFF_BENCHMARKS=1` adds package-benchmark and the benchmarks (`scripts/bench`), and
/// `MUSICDIFF_FUZZ=1` the libFuzzer targets (`scripts/fuzz`), each built in its own scratch path,
/// so that a plain build, the tests and CI's build neither resolve nor compile them.
let environment = ProcessInfo.processInfo.environment
let benchmarks = environment["MUSICDIFF_BENCHMARKS"] == "1"
let fuzz = environment["MUSICDIFF_FUZZ"] == "1"

let package = Package(
    name: "musicdiff",
    platforms: [.macOS(.v15)],
    products: [
        // The one product: the libraries' declarations are `package`, for no one outside.
        .executable(name: "musicdiff", targets: ["musicdiff"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/pointfreeco/swift-clocks", from: "1.1.1"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
    ],
    targets: [
        // Pure core: policy model, YAML policies, rules, engine, schedule arithmetic. No I/O.
        .target(
            name: "MusicdiffCore",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        // One target per C library, from Debian's -dev packages.
        .systemLibrary(name: "CGio", pkgConfig: "gio-2.0", providers: [.apt(["libglib2.0-dev"])]),
        .systemLibrary(name: "CLibNM", pkgConfig: "libnm", providers: [.apt(["libnm-dev"])]),
        .systemLibrary(name: "CLinux"),
        .systemLibrary(name: "CUPower", pkgConfig: "upower-glib", providers: [.apt(["libupower-glib-dev"])]),
        // The process's executor (one thread, no wake-up while idle) and its timers.
        .target(
            name: "MusicdiffRuntime",
            dependencies: ["CLinux", .product(name: "SystemPackage", package: "swift-system")]
        ),
        // libcurl, opened with dlopen when an e-mail is sent (headers: libcurl4-openssl-dev).
        .target(name: "CCurl"),
        // Sensors: /proc and /sys readers and the D-Bus clients, each behind a protocol.
        .target(
            name: "MusicdiffSensors",
            dependencies: [
                "MusicdiffCore", "MusicdiffRuntime", "CGio", "CLibNM", "CUPower",
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        // Daemon: paths, policy resolution, state store, tick loop, sync runner, logging.
        .target(
            name: "MusicdiffDaemon",
            dependencies: [
                "MusicdiffCore",
                "MusicdiffSensors",
                "MusicdiffRuntime",
                "CCurl",
                "CGio",
                "CLinux",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        // The thin command-line tool, one subcommand per file.
        .executableTarget(
            name: "musicdiff",
            dependencies: [
                "MusicdiffCore",
                "MusicdiffSensors",
                "MusicdiffDaemon",
                "MusicdiffRuntime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        // A private system bus with python-dbusmock mocks, for the sensor and CLI tests.
        .target(name: "MusicdiffTestSupport", dependencies: ["MusicdiffCore"], path: "Tests/Support"),
        .testTarget(name: "MusicdiffCoreTests", dependencies: ["MusicdiffCore", "MusicdiffTestSupport"]),
        .testTarget(name: "MusicdiffRuntimeTests", dependencies: ["MusicdiffRuntime"]),
        .testTarget(
            name: "MusicdiffSensorsTests",
            dependencies: ["MusicdiffCore", "MusicdiffSensors", "MusicdiffTestSupport"]
        ),
        .testTarget(
            name: "MusicdiffDaemonTests",
            dependencies: [
                "MusicdiffCore",
                "MusicdiffDaemon",
                "MusicdiffRuntime",
                "MusicdiffTestSupport",
                .product(name: "Clocks", package: "swift-clocks"),
            ]
        ),
        .testTarget(
            name: "MusicdiffCLITests",
            dependencies: ["MusicdiffCore", "MusicdiffDaemon", "MusicdiffTestSupport"]
        ),
    ]
)

if benchmarks {
    package.dependencies.append(
        .package(
            url: "https://github.com/ordo-one/package-benchmark",
            from: "1.38.1",
            traits: ["MallocInterposer"]
        )
    )
    package.targets += [
        // One decision of the laptop policy on a snapshot (package-benchmark). The plugin runs
        // the executables whose folder is named Benchmarks.
        .executableTarget(
            name: "PolicyBenchmarks",
            dependencies: ["MusicdiffCore", .product(name: "Benchmark", package: "package-benchmark")],
            path: "Benchmarks/Benchmarks/PolicyBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
        // Snapshot cost and bus-to-Swift event latency of the live sensors, against python-dbusmock.
        .executableTarget(
            name: "sensor-bench",
            dependencies: ["MusicdiffCore", "MusicdiffSensors", "MusicdiffTestSupport"],
            path: "Benchmarks/Sources/sensor-bench"
        ),
        // The predicted window's cost per decision: from 14 days of rows, and from the summary.
        .executableTarget(
            name: "predict-bench",
            dependencies: ["MusicdiffCore", "MusicdiffDaemon"],
            path: "Benchmarks/Sources/predict-bench"
        ),
        // The cost of one camera scan of the busy rule (every /proc/PID/fd link), on this machine.
        .executableTarget(
            name: "camera-scan-bench",
            dependencies: ["MusicdiffSensors"],
            path: "Benchmarks/Sources/camera-scan-bench"
        ),
    ]
}

if fuzz {
    // libFuzzer targets, built with sanitizers by `scripts/fuzz`. Each defines
    // `LLVMFuzzerTestOneInput`; libFuzzer provides `main`. FuzzStoreRow writes the store's rows
    // raw, as a hand edit or a foreign store holds them. The sanitizers' build leaves out the
    // command-line tool (libFuzzer brings its own `main`) and the tests.
    package.products.removeAll { $0.name == "musicdiff" }
    package.targets.removeAll { $0.type == .executable || $0.type == .test }
    let targets: [(String, [Target.Dependency])] = [
        ("FuzzPolicy", ["MusicdiffCore"]),
        ("FuzzConfig", ["MusicdiffCore"]),
        ("FuzzCron", ["MusicdiffCore"]),
        ("FuzzDuration", ["MusicdiffCore"]),
        ("FuzzTimeWindow", ["MusicdiffCore"]),
        ("FuzzSyncSummary", ["MusicdiffDaemon"]),
        ("FuzzReadingsReply", ["MusicdiffCore", "MusicdiffDaemon"]),
        (
            "FuzzStoreRow",
            ["MusicdiffCore", "MusicdiffDaemon", .product(name: "GRDB", package: "GRDB.swift")]
        ),
    ]
    // Each target's entry point, which SwiftPM expects to be named after the target.
    package.targets.append(.target(name: "FuzzMain", path: "Tests/Fuzz/Sources/FuzzMain"))
    package.targets += targets.map { name, dependencies in
        .executableTarget(
            name: name,
            dependencies: dependencies + ["FuzzMain"],
            path: "Tests/Fuzz/Sources/\(name)",
            swiftSettings: [.unsafeFlags(["-parse-as-library"]), .swiftLanguageMode(.v5)]
        )
    }
}
