import ArgumentParser
import Foundation
import MusicdiffCore
import MusicdiffDaemon

/// `musicdiff service install [--systemd|--launchd] [daemon flags] [--force] [--print] | uninstall | status`.
struct ServiceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "service",
        abstract: "Write, remove or check the systemd user unit or launchd agent that runs the daemon.",
        discussion: """
            install and uninstall only write or remove the file; they print the systemctl or launchctl \
            commands to run next instead of running them.
            """,
        subcommands: [Install.self, Uninstall.self, Status.self]
    )

    /// `--systemd` or `--launchd`.
    enum ManagerFlag: String, EnumerableFlag {
        case systemd, launchd

        static func help(for value: ManagerFlag) -> ArgumentHelp? {
            value == .systemd
                ? "A systemd user unit (the default on Linux)."
                : "A launchd agent plist (the default on macOS)."
        }
    }

    /// The service manager flags both subcommands take.
    struct ManagerOptions: ParsableArguments {
        @Flag var manager: ManagerFlag?

        var resolved: ServiceUnit.Manager {
            manager.flatMap { ServiceUnit.Manager(rawValue: $0.rawValue) } ?? .native
        }
        var path: String { ServiceUnit.path(for: resolved, environment: Environment().variables) }
    }

    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "install",
            abstract: "Write the unit that runs `musicdiff daemon --foreground` with these flags, at login.",
            discussion: """
                The unit runs this very binary. The flags are checked as the daemon checks them, so a \
                unit that cannot start is never written. Nothing is enabled or started: the command \
                prints what to run next (systemctl --user ... or launchctl load -w ...).
                """
        )

        @OptionGroup var options: ManagerOptions

        @OptionGroup var flags: DaemonFlags

        @Flag(help: "Replace an existing unit file that differs.")
        var force = false

        @Flag(name: .customLong("print"), help: "Print the unit to stdout instead of writing it.")
        var printOnly = false

        /// `scripts/package`: the package's unit, which runs /usr/bin/musicdiff (with --print).
        @Flag(help: .hidden)
        var packaged = false

        func run() throws {
            let environment = Environment()
            var unit = ServiceUnit(
                manager: options.resolved,
                executable: packaged ? Self.packagedExecutable : try Self.executable(),
                flags: try flags.arguments(environment),
                homeOverride: environment.variables["MUSICDIFF_HOME"].flatMap {
                    $0.isEmpty || packaged ? nil : environment.home.path
                },
                home: environment.home
            )
            unit.packaged = packaged
            // The package's unit is for Debian 12's systemd 252: ExecReload, not notify-reload.
            if unit.manager == .systemd, !packaged { unit.systemdVersion = Self.systemdVersion() }
            if let problem = unit.problem { throw CommandFailure(message: problem) }
            if printOnly { return print(unit.text, terminator: "") }
            let path = options.path
            let packagedUnit = Self.packagedUnit(environment.variables)
            if unit.manager == .systemd, !force, FileManager.default.fileExists(atPath: packagedUnit) {
                return Self.packagedNotice(packagedUnit, userPath: path).forEach { print($0) }
            }
            let text = Data(unit.text.utf8)
            let existing = FileManager.default.contents(atPath: path)
            if let existing, existing != text, !force {
                throw CommandFailure(
                    message:
                        "\(path) exists and differs; rerun with --force to replace it (--print shows the new one)"
                )
            }
            if existing == text {
                print("\(path) is already installed, unchanged.")
            } else {
                try Self.write(text, to: path)
                print("Wrote \(path).")
            }
            if unit.manager == .launchd { try environment.home.create() }
            print("To enable and start it, run (service install runs none of this itself):")
            let replaced = existing != nil && existing != text
            for command in ServiceUnit.enableCommands(unit.manager, path: path, replaced: replaced) {
                print("  \(command)")
            }
        }

        /// This binary's absolute path.
        private static func executable() throws -> String {
            let path = DaemonLauncher.selfExecutable()
            if path.hasPrefix("/") { return path }
            if let path = Bundle.main.executableURL?.path, path.hasPrefix("/") { return path }
            throw CommandFailure(
                message: "cannot tell where this binary is (got \"\(path)\"); run it by its full path"
            )
        }

        private static func write(_ text: Data, to path: String) throws {
            do {
                let folder = (path as NSString).deletingLastPathComponent
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                try text.write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw DaemonError.io(
                    path: path,
                    reason: "cannot write the unit file: \(error.localizedDescription)"
                )
            }
        }
    }

    struct Uninstall: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "uninstall",
            abstract: "Remove the unit file; print the commands that stop and disable the daemon.",
            discussion: """
                Nothing is stopped or disabled here: the command prints what to run (systemctl --user \
                disable --now musicdiff, or launchctl remove). With nothing installed it says so and \
                exits 0.
                """
        )

        @OptionGroup var options: ManagerOptions

        func run() throws {
            let path = options.path
            let manager = FileManager.default
            guard
                manager.fileExists(atPath: path)
                    || (try? manager.destinationOfSymbolicLink(atPath: path)) != nil
            else {
                return print("Nothing to remove: \(path) does not exist.")
            }
            do {
                try manager.removeItem(atPath: path)
            } catch {
                throw DaemonError.io(
                    path: path,
                    reason: "cannot remove the unit file: \(error.localizedDescription)"
                )
            }
            print("Removed \(path).")
            print(
                "If it was enabled or running, stop and disable it (service uninstall runs none of this itself):"
            )
            for command in ServiceUnit.disableCommands(options.resolved) { print("  \(command)") }
        }
    }
}
