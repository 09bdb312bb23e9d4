import ArgumentParser
import Foundation
import MusicdiffCore
import MusicdiffDaemon

/// `musicdiff config check`: every error of `config.yaml`, in line order.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check config.yaml.",
        subcommands: [Check.self]
    )

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract:
                "Check $MUSICDIFF_HOME/config.yaml as the daemon reads it: every error as FILE:LINE:COL: message, in line order, then a count; exit 1 on any.",
            discussion: """
                Past the file's own keys it checks what the daemon checks at start: that \
                sync.command names a program it can run, the schedule, and the policy a smart \
                daemon would use. A home folder other users can open draws a warning, and \
                so does a daemon.policy that a daemon without smart mode does not use.
                """
        )

        func run() throws {
            let home = Environment().home
            if let warning = home.accessWarning {
                FileHandle.standardError.write(Data("warning: \(warning)\n".utf8))
            }
            guard FileManager.default.fileExists(atPath: home.config) else {
                throw CommandFailure(
                    message:
                        "\(home.config): no such file; write one with a sync: section (see the README's first steps)"
                )
            }
            let problems = Self.problems(home)
            guard problems.isEmpty else {
                for problem in problems { FileHandle.standardError.write(Data("\(problem)\n".utf8)) }
                FileHandle.standardError.write(Data("\(counted(problems.count, "error")) in 1 file\n".utf8))
                throw ExitCode(1)
            }
            do throws(DaemonError) {
                let settings = try DaemonSettings.load(options: DaemonOptions(), home: home)
                if let warning = settings.unusedPolicyWarning {
                    FileHandle.standardError.write(Data("\(warning)\n".utf8))
                }
                print("\(home.config): ok (\(settings.mode), \(settings.summary))")
            } catch .disabled {
                print("\(home.config): ok (the daemon is disabled: daemon.enabled is false)")
            }
        }

        /// The config's errors: every one of the file's own, else the first the daemon's
        /// start-up checks find (the program, the schedule, the policy).
        static func problems(_ home: MusicdiffHome) -> [String] {
            do throws(DaemonError) {
                _ = try ConfigLoader.load(home: home)
                _ = try DaemonSettings.load(options: DaemonOptions(), home: home)
                return []
            } catch .configErrors(_, let errors) {
                return errors.map(\.description)
            } catch .disabled {
                return []
            } catch {
                return [error.description]
            }
        }
    }
}
