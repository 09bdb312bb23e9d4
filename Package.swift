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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // Pure core: policy model, YAML policies, rules, engine, schedule arithmetic. No I/O.
        .target(
            name: "MusicdiffCore",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        // Sensors: /proc and /sys readers and the D-Bus clients, each behind a protocol.
        .target(
            name: "MusicdiffSensors",
            dependencies: ["MusicdiffCore"]
        ),
        // Daemon: paths, policy resolution, state store, tick loop, sync runner, logging.
        .target(
            name: "MusicdiffDaemon",
            dependencies: [
                "MusicdiffCore",
                "MusicdiffSensors",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The thin command-line tool, one subcommand per file.
        .executableTarget(
            name: "musicdiff",
            dependencies: [
                "MusicdiffCore",
                "MusicdiffSensors",
                "MusicdiffDaemon",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "MusicdiffCoreTests", dependencies: ["MusicdiffCore"]),
        .testTarget(
            name: "MusicdiffCLITests",
            dependencies: ["MusicdiffCore", "MusicdiffDaemon"]
        ),
    ]
)
