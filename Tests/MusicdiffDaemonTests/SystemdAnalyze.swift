import Foundation

/// `systemd-analyze`, for tests of unit files: found in `PATH`, or nil where it is not installed.
enum SystemdAnalyze {
    /// `command -v systemd-analyze`.
    static let path: String? = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        .split(separator: ":").map { $0 + "/systemd-analyze" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }

    /// `systemd-analyze [--user] verify UNITS...`, with a runtime folder and home in `scratch`
    /// (user mode needs them): its exit status and all it printed.
    static func verify(
        _ units: [String],
        in scratch: ScratchFolder,
        userMode: Bool
    ) throws -> (
        status: Int32, printed: String
    ) {
        let runtime = scratch.file("runtime")
        try FileManager.default.createDirectory(atPath: runtime, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path!)
        process.arguments = (userMode ? ["--user"] : []) + ["verify"] + units
        process.environment = ["XDG_RUNTIME_DIR": runtime, "HOME": scratch.path, "PATH": "/usr/bin:/bin"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, printed)
    }
}
