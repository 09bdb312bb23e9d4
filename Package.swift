// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "musicdiff",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "musicdiff", targets: ["musicdiff"]),
        .library(name: "MusicdiffCore", targets: ["MusicdiffCore"]),
        .library(name: "MusicdiffSensors", targets: ["MusicdiffSensors"]),
        .library(name: "MusicdiffDaemon", targets: ["MusicdiffDaemon"]),
        .library(name: "MusicdiffRuntime", targets: ["MusicdiffRuntime"]),
        .library(name: "MusicdiffTestSupport", targets: ["MusicdiffTestSupport"]),
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
