// swift-tools-version: 5.4
// libFuzzer targets, kept out of the main package so that CI's build and tests do not
// compile them with sanitizers. Build and run them all with `scripts/fuzz [SECONDS]` from the
// repository root. Each target defines `LLVMFuzzerTestOneInput`; libFuzzer provides `main`.
import Foundation
import PackageDescription

/// SwiftPM names a path dependency after its folder, which is wherever the repository was cloned.
let main = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().lastPathComponent

/// A fuzz target: an executable with no `main` of its own.
func fuzzTarget(_ name: String, _ libraries: [String]) -> Target {
    .executableTarget(
        name: name,
        dependencies: libraries.map { .product(name: $0, package: main) },
        swiftSettings: [.unsafeFlags(["-parse-as-library"])]
    )
}

let package = Package(
    name: "musicdiff-fuzz",
    dependencies: [
        .package(path: "../.."),
        // The store's rows are written raw, as a hand edit or a foreign store holds them.
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        fuzzTarget("FuzzPolicy", ["MusicdiffCore"]),
        fuzzTarget("FuzzConfig", ["MusicdiffCore"]),
        fuzzTarget("FuzzCron", ["MusicdiffCore"]),
        fuzzTarget("FuzzDuration", ["MusicdiffCore"]),
        fuzzTarget("FuzzTimeWindow", ["MusicdiffCore"]),
        fuzzTarget("FuzzSyncSummary", ["MusicdiffDaemon"]),
        fuzzTarget("FuzzReadingsReply", ["MusicdiffCore", "MusicdiffDaemon"]),
        .executableTarget(
            name: "FuzzStoreRow",
            dependencies: [
                .product(name: "MusicdiffCore", package: main),
                .product(name: "MusicdiffDaemon", package: main),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
    ]
)
