import Foundation

/// Runs the built `musicdiff` binary as a user would, for the CLI and daemon tests.
public struct MusicdiffProcess: Sendable {
    /// What a finished run printed and returned.
    public struct Result: Sendable {
        /// Standard output.
        public var stdout: String
        /// Standard error.
        public var stderr: String
        /// Exit status.
        public var status: Int32
    }

    /// The binary: `$MUSICDIFF_BIN`, else `.build/debug/musicdiff` in the package.
    public static var binary: String {
        if let path = ProcessInfo.processInfo.environment["MUSICDIFF_BIN"], !path.isEmpty { return path }
        return packageRoot + "/.build/debug/musicdiff"
    }

    /// The package's root folder.
    public static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// Environment variables every run gets on top of `base`.
    public var environment: [String: String]

    /// Creates a runner whose runs see `environment` over a minimal base environment
    /// (PATH, HOME, LANG) rather than the test process's own.
    public init(environment: [String: String]) {
        let inherited = ProcessInfo.processInfo.environment
        var base = ["PATH": inherited["PATH"] ?? "/usr/bin:/bin", "LANG": "C.UTF-8"]
        base["HOME"] = inherited["HOME"] ?? "/tmp"
        self.environment = base.merging(environment) { $1 }
    }

    /// Runs `musicdiff ARGUMENTS` to completion.
    public func run(_ arguments: [String], extraEnvironment: [String: String] = [:]) throws -> Result {
        try runTool(Self.binary, arguments, extraEnvironment: extraEnvironment)
    }

    /// Runs `executable ARGUMENTS` to completion, in the same environment.
    public func runTool(
        _ executable: String,
        _ arguments: [String],
        extraEnvironment: [String: String] = [:]
    ) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment.merging(extraEnvironment) { $1 }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes to the end before waiting, so a chatty child never blocks on a full
        // pipe. stderr is read on a GCD thread: blocking the test's cooperative thread on a Task
        // could starve the pool.
        let box = DataBox()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) {
            box.data = errors.fileHandleForReading.readDataToEndOfFile()
        }
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(
            stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: box.data, as: UTF8.self),
            status: process.terminationStatus
        )
    }

    private final class DataBox: @unchecked Sendable {
        var data = Data()
    }
}
