import ArgumentParser
import Foundation
import MusicdiffDaemon

extension ServiceCommand {
    /// `musicdiff service status [--systemd|--launchd]`.
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Show the installed service: the first lines of systemctl --user status musicdiff.",
            discussion: """
                The lines include the daemon's status line (what it waits for). Exits 1 with a message \
                when the unit is not installed or no systemd user manager answers, 3 when it is \
                installed but not running (as systemctl status).
                """
        )

        @OptionGroup var options: ManagerOptions

        func run() throws {
            let path = options.path
            guard FileManager.default.fileExists(atPath: path) else {
                throw CommandFailure(
                    message: "not installed: \(path) does not exist (musicdiff service install writes it)"
                )
            }
            let (tool, arguments) =
                options.resolved == .systemd
                ? ("systemctl", ["--user", "status", "musicdiff.service", "--no-pager", "--lines=0"])
                : ("launchctl", ["list", ServiceUnit.label])
            guard let executable = Self.find(tool) else {
                throw CommandFailure(message: "\(path) is installed, but there is no \(tool) on PATH to ask")
            }
            let (status, output, errors) = try Self.capture(executable, arguments)
            // The unit's header lines; with --lines=0 nothing follows them but what we cut.
            let lines = output.split(separator: "\n", omittingEmptySubsequences: false).prefix { !$0.isEmpty }
            guard !lines.isEmpty else {
                let said = errors.split(separator: "\n").first.map { ": \($0)" } ?? " (exit status \(status))"
                throw CommandFailure(
                    message: "\(path) is installed, but \(tool) cannot tell its state\(said)"
                        + (tool == "systemctl" ? "; is a systemd user manager running for this user?" : "")
                )
            }
            print(lines.joined(separator: "\n"))
            if status != 0 { throw ExitCode(status == 3 ? 3 : 1) }
        }

        /// `name` on `$PATH`, as an absolute path.
        static func find(_ name: String) -> String? {
            let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
            return path.split(separator: ":").map { "\($0)/\(name)" }.first {
                FileManager.default.isExecutableFile(atPath: $0)
            }
        }

        /// Runs `executable` to its end: exit status, stdout, stderr (both small).
        static func capture(_ executable: String, _ arguments: [String]) throws -> (Int32, String, String) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            let (output, errors) = (Pipe(), Pipe())
            process.standardOutput = output
            process.standardError = errors
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let out = output.fileHandleForReading.readDataToEndOfFile()
            let err = errors.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (
                process.terminationStatus, String(decoding: out, as: UTF8.self),
                String(decoding: err, as: UTF8.self)
            )
        }
    }
}
