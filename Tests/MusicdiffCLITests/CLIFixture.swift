import Foundation

/// A throwaway `MUSICDIFF_HOME` with fixture `/proc` and `/sys` trees, and a runner of the
/// built binary that sees only them (and no D-Bus services).
final class CLIFixture {
    let root: String
    var home: String { root + "/home" }
    var proc: String { root + "/proc" }
    var sys: String { root + "/sys" }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("musicdiff-cli-\(UUID())").path
        for folder in ["home", "proc", "sys/class/power_supply", "dev"] {
            try FileManager.default.createDirectory(
                atPath: root + "/" + folder,
                withIntermediateDirectories: true
            )
        }
        // As the program makes it: a home others can read draws a warning.
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: home)
        try write("sys/devices/system/cpu/online", "0-3\n")
        try write("proc/loadavg", "1.00 0.80 0.50 2/300 4242\n")
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    func write(_ path: String, _ text: String) throws {
        let full = root + "/" + path
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true
        )
        try Data(text.utf8).write(to: URL(fileURLWithPath: full))
    }

    /// The text of the file at `path`, under the fixture's root.
    func read(_ path: String) throws -> String {
        try String(contentsOfFile: root + "/" + path, encoding: .utf8)
    }

    /// A laptop on battery (`ac` false) or AC, at `percent`.
    func power(ac: Bool, percent: Int) throws {
        try write("sys/class/power_supply/AC/type", "Mains\n")
        try write("sys/class/power_supply/AC/online", ac ? "1\n" : "0\n")
        try write("sys/class/power_supply/BAT0/type", "Battery\n")
        try write("sys/class/power_supply/BAT0/capacity", "\(percent)\n")
        try write("sys/class/power_supply/BAT0/status", ac ? "Charging\n" : "Discharging\n")
    }

    var runner: MusicdiffProcess {
        MusicdiffProcess(environment: [
            "MUSICDIFF_HOME": home, "MUSICDIFF_PROC": proc, "MUSICDIFF_SYS": sys,
            "MUSICDIFF_DEV": root + "/dev",
            "DBUS_SYSTEM_BUS_ADDRESS": "unix:path=\(root)/no-bus",
            "DBUS_SESSION_BUS_ADDRESS": "unix:path=\(root)/no-bus",
            "TZ": "UTC",
        ])
    }

    func run(_ arguments: String...) throws -> MusicdiffProcess.Result { try runner.run(arguments) }

    /// Records `days` of the simulated laptop into `store` (the home's `state.sqlite` by default).
    func simulateHistory(days: Int, store: String? = nil) throws {
        let result = try run(
            "simulate-history",
            "--store",
            store ?? home + "/state.sqlite",
            "--days",
            "\(days)"
        )
        guard result.status == 0 else { throw Failure(message: "simulate-history failed: \(result.stderr)") }
    }

    /// Runs `why-not --json` with `arguments` and parses the object.
    func whyNotJSON(_ arguments: String...) throws -> [String: Any] {
        let result = try runner.run(["why-not", "--json"] + arguments)
        guard result.status == 0,
            let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        else { throw Failure(message: "why-not failed: \(result.status) \(result.stderr) \(result.stdout)") }
        return object
    }

    struct Failure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}

extension Dictionary where Key == String, Value == Any {
    /// The `rules[]` entry for `name`.
    func rule(_ name: String) -> [String: Any]? {
        (self["rules"] as? [[String: Any]])?.first { $0["rule"] as? String == name }
    }
}
