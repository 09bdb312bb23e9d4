import ArgumentParser
import Foundation
import MusicdiffDaemon
import MusicdiffRuntime

/// `musicdiff`: decides when the music library's sync runs, and explains why it did not.
@main
struct Musicdiff: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "musicdiff",
        abstract: "Run the music library's sync at the right moment, and explain skipped syncs.",
        version: Version.current,
        subcommands: [
            DaemonCommand.self, WhyNotCommand.self, SyncCommand.self, PolicyCommand.self, ConfigCommand.self,
            ScheduleCommand.self, HistoryCommand.self, ReplayCommand.self, ConflictsCommand.self,
            PauseCommand.self, ResumeCommand.self,
            ServiceCommand.self, SimulateHistoryCommand.self, GateCommand.self,
        ]
    )

    /// Runs the command line with the project's exit codes: 0 success, 1 a user error with a
    /// one-line message, 2 an internal failure. Never a stack trace.
    static func main() async {
        // First: before any task runs, so that no job ever reaches libdispatch's pool.
        Executors.installQuiet()
        if let unknown = unknownHelpTopic(Array(CommandLine.arguments.dropFirst())) {
            fail(unknown, code: 1)
        }
        do {
            var command = try parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch let error as DaemonError {
            fail(error.description, code: 1)
        } catch let error as CommandFailure {
            fail(error.message, code: error.code)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            if let exitCode = error as? ExitCode { Foundation.exit(exitCode.rawValue) }
            let message = self.message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            fail(message, code: code == .validationFailure || error is ValidationError ? 1 : 2)
        }
    }

    /// For `musicdiff help WORDS...` naming no command: the one-line error (argument parser
    /// would print the root help and exit 0); nil otherwise.
    static func unknownHelpTopic(_ arguments: [String]) -> String? {
        guard arguments.first == "help", arguments.count > 1 else { return nil }
        var configurations = Musicdiff.configuration.subcommands.map { Self.configuration(of: $0) }
        for word in arguments.dropFirst() where !word.hasPrefix("-") {
            guard let found = configurations.first(where: { $0.commandName == word }) else {
                var shown: [String] = []
                for configuration in configurations where configuration.shouldDisplay {
                    shown.append(configuration.commandName ?? "")
                }
                return "no command \"\(word)\" to explain; the commands are: \(shown.joined(separator: ", "))"
            }
            configurations = found.subcommands.map { Self.configuration(of: $0) }
        }
        return nil
    }

    /// A command type's configuration.
    static func configuration(of command: any ParsableCommand.Type) -> CommandConfiguration {
        command.configuration
    }

    /// Prints `message` and exits with `code`; any error of `musicdiff gate` (a bad flag too)
    /// exits 255, which `ExecCondition=` takes for a failure rather than a skip.
    static func fail(_ message: String, code: Int32) -> Never {
        FileHandle.standardError.write(Data("musicdiff: \(message)\n".utf8))
        let gate = CommandLine.arguments.dropFirst().first == GateCommand.configuration.commandName
        Foundation.exit(gate ? Gate.failed : code)
    }
}

/// A failure a subcommand reports with its own exit code.
struct CommandFailure: Error {
    let message: String
    var code: Int32 = 1
}
