import Foundation
import MusicdiffCore

/// The daemon as a service manager's job: the systemd user unit or the launchd agent of the
/// original design, running `musicdiff daemon --foreground FLAGS` so that the manager, not the
/// daemon, owns the process. Rendering only: no file is read or written here.
package struct ServiceUnit: Sendable, Equatable {
    /// The service manager a unit is written for.
    package enum Manager: String, Sendable, Equatable, CaseIterable {
        /// systemd's per-user manager (`systemctl --user`), on Linux.
        case systemd
        /// launchd, as a per-user launch agent, on macOS.
        case launchd

        /// The platform's own manager: launchd on macOS, systemd elsewhere.
        package static var native: Manager {
            #if os(macOS)
                .launchd
            #else
                .systemd
            #endif
        }
    }

    /// The launchd label, also the plist's file name.
    package static let label = "com.musicdiff.daemon"

    /// Which manager the unit is for.
    package var manager: Manager
    /// The absolute path of the `musicdiff` binary the manager runs.
    package var executable: String
    /// The daemon's flags, passed after `daemon --foreground`.
    package var flags: [String]
    /// `$MUSICDIFF_HOME` to set for the daemon, only when the user set it; nil keeps the default.
    package var homeOverride: String?
    /// The daemon's home folder, where launchd sends the daemon's stdout and stderr (`daemon.err`).
    package var home: MusicdiffHome
    /// The installed systemd's version: from ``notifyReloadSince`` on, `Type=notify-reload`;
    /// nil (not known) or older: `ExecReload=` runs `musicdiff daemon reload`.
    package var systemdVersion: Int?
    /// Whether the unit is the Debian package's (`/usr/lib/systemd/user`), not the user's own.
    package var packaged = false

    /// Describes the unit of `manager` that runs `executable` with `flags`.
    package init(
        manager: Manager,
        executable: String,
        flags: [String],
        homeOverride: String?,
        home: MusicdiffHome
    ) {
        self.manager = manager
        self.executable = executable
        self.flags = flags
        self.homeOverride = homeOverride
        self.home = home
    }

    /// The daemon's whole command line, binary first.
    package var arguments: [String] { [executable, "daemon", "--foreground"] + flags }

    /// Why this unit cannot be written, in one sentence; nil when it can.
    package var problem: String? {
        let texts = arguments + [home.path, homeOverride ?? ""]
        if texts.contains(where: { $0.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } }) {
            return "a flag or path holds a control character, which a service file cannot carry"
        }
        if manager == .systemd, executable.contains(where: { "\"'\\".contains($0) }) {
            return
                "systemd refuses an executable path with quotes or backslashes (\(executable)); move the binary"
        }
        return nil
    }

    /// The file's text.
    package var text: String { manager == .systemd ? systemdUnit : launchdPlist }

    /// Where the unit file goes, for `environment` (`HOME`, `XDG_CONFIG_HOME`).
    package static func path(for manager: Manager, environment: [String: String]) -> String {
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        switch manager {
        case .systemd:
            // The XDG spec: a relative XDG_CONFIG_HOME is invalid and ignored.
            let config =
                environment["XDG_CONFIG_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? home + "/.config"
            return config + "/systemd/user/musicdiff.service"
        case .launchd:
            return home + "/Library/LaunchAgents/\(label).plist"
        }
    }

    /// What the user runs once the unit is written to `path` (`replaced`: over an older one).
    package static func enableCommands(_ manager: Manager, path: String, replaced: Bool) -> [String] {
        switch manager {
        case .systemd:
            let enable = "systemctl --user daemon-reload && systemctl --user enable --now musicdiff"
            return replaced ? [enable, "systemctl --user restart musicdiff"] : [enable]
        case .launchd:
            let load = "launchctl load -w \(shellQuoted(path))"
            return replaced ? ["launchctl unload \(shellQuoted(path)); \(load)"] : [load]
        }
    }

    /// What the user runs once the unit file is gone, to stop the daemon and forget the unit.
    package static func disableCommands(_ manager: Manager) -> [String] {
        switch manager {
        case .systemd: ["systemctl --user disable --now musicdiff; systemctl --user daemon-reload"]
        case .launchd: ["launchctl remove \(label)"]
        }
    }

    private var launchdPlist: String {
        var lines = [
            #"<?xml version="1.0" encoding="UTF-8"?>"#,
            #"<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">"#,
            #"<plist version="1.0">"#,
            "<dict>",
            "    <key>Label</key>",
            "    <string>\(Self.label)</string>",
            "    <key>ProgramArguments</key>",
            "    <array>",
        ]
        lines += arguments.map { "        <string>\(Self.xmlEscaped($0))</string>" }
        lines.append("    </array>")
        if let homeOverride {
            lines += [
                "    <key>EnvironmentVariables</key>", "    <dict>", "        <key>MUSICDIFF_HOME</key>",
                "        <string>\(Self.xmlEscaped(homeOverride))</string>", "    </dict>",
            ]
        }
        let err = Self.xmlEscaped(home.path + "/daemon.err")
        lines += [
            "    <key>RunAtLoad</key>",
            "    <true/>",
            "    <!-- Restart only after a failure (a non-zero exit), at most once a minute, as the systemd unit. -->",
            "    <key>KeepAlive</key>",
            "    <dict>",
            "        <key>SuccessfulExit</key>",
            "        <false/>",
            "    </dict>",
            "    <key>ThrottleInterval</key>",
            "    <integer>60</integer>",
            "    <!-- The daemon writes its rotating daemon.log itself; this catches anything else. -->",
            "    <key>StandardOutPath</key>",
            "    <string>\(err)</string>",
            "    <key>StandardErrorPath</key>",
            "    <string>\(err)</string>",
            "</dict>",
            "</plist>",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The executable of an `Exec*=` line: systemd expands specifiers in it (so `%` is doubled) but
    /// never environment variables, and refuses quotes and backslashes in it (see `problem`).
    static func execPath(_ path: String) -> String {
        needsQuotes(path) ? "\"" + path.replacingOccurrences(of: "%", with: "%%") + "\"" : path
    }

    /// One argument of an `Exec*=` line after the first: left bare when it is plain, otherwise
    /// double-quoted with `\`, `"` and control characters C-escaped, `%` doubled (specifiers) and
    /// `$` doubled (environment substitution), as systemd.service(5) "Command lines" asks.
    static func execQuoted(_ word: String) -> String { quoted(word, dollar: true) }

    /// `word` bare when plain, else double-quoted for systemd; `$` doubled when `dollar`.
    static func quoted(_ word: String, dollar: Bool) -> String {
        guard needsQuotes(word) else { return word }
        return DoubleQuoted.text(word) { scalar in
            switch scalar {
            case "%": "%%"
            case "$" where dollar: "$$"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                DoubleQuoted.hex(scalar.value, "\\x", digits: 2)
            default: nil
            }
        }
    }

    /// Whether `word` holds anything but letters, digits and `/._-+:,=@`.
    static func needsQuotes(_ word: String) -> Bool {
        word.isEmpty
            || !word.unicodeScalars.allSatisfy {
                $0.isASCII
                    && ($0.properties.isAlphabetic || ("0"..."9").contains($0)
                        || "/._-+:,=@".unicodeScalars.contains($0))
            }
    }

    /// `text` with `&`, `<` and `>` as XML entities.
    static func xmlEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    /// `text` single-quoted for a POSIX shell when it needs it.
    static func shellQuoted(_ text: String) -> String {
        guard needsQuotes(text) else { return text }
        return "'" + text.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }
}
