import Foundation
import MusicdiffDaemon

extension ServiceCommand.Install {
    /// Where the Debian package puts its user unit (`$MUSICDIFF_PACKAGED_UNIT` in tests).
    static func packagedUnit(_ environment: [String: String]) -> String {
        environment["MUSICDIFF_PACKAGED_UNIT"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "/usr/lib/systemd/user/musicdiff.service"
    }

    /// The packaged binary, which the packaged unit runs.
    static let packagedExecutable = "/usr/bin/musicdiff"

    /// What `service install` says instead of writing a second unit beside the package's.
    static func packagedNotice(_ path: String, userPath: String) -> [String] {
        [
            "The musicdiff package installed \(path) already; enable it instead of writing a second unit:",
            "  systemctl --user enable --now musicdiff",
            "Its daemon takes its mode and policy from config.yaml's daemon section (smart, policy, interval);",
            "for flags, systemctl --user edit musicdiff, or service install --force writes \(userPath), which",
            "shadows the package's unit.",
        ]
    }

    /// The installed systemd's version, from the first line of `systemctl --version`
    /// (`systemd 252 (252.30-1~deb12u2)`); nil without `systemctl` or when it says otherwise.
    static func systemdVersion() -> Int? {
        guard let systemctl = ServiceCommand.Status.find("systemctl"),
            let (status, output, _) = try? ServiceCommand.Status.capture(systemctl, ["--version"]),
            status == 0
        else { return nil }
        return parseSystemdVersion(output)
    }

    /// The version in `systemctl --version`'s output.
    static func parseSystemdVersion(_ output: String) -> Int? {
        let words = output.split(separator: "\n").first?.split(separator: " ") ?? []
        guard words.count >= 2, words[0] == "systemd" else { return nil }
        return Int(words[1].prefix { $0.isNumber })
    }
}
