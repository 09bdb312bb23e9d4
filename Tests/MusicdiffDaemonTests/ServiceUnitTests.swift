import Foundation
import Testing

@testable import MusicdiffDaemon

/// The systemd user unit and the launchd plist, rendered without touching any file.
@Suite struct ServiceUnitTests {
    static let home = MusicdiffHome(path: "/home/ana/.musicdiff")

    static func unit(
        _ manager: ServiceUnit.Manager,
        executable: String = "/usr/local/bin/musicdiff",
        flags: [String] = [],
        homeOverride: String? = nil
    ) -> ServiceUnit {
        ServiceUnit(
            manager: manager,
            executable: executable,
            flags: flags,
            homeOverride: homeOverride,
            home: home
        )
    }

    static func lines(_ unit: ServiceUnit) -> [String] {
        unit.text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") }
    }

    @Test func systemdUnitRunsTheDaemonInTheForegroundUnderTheUserManager() {
        let lines = Self.lines(Self.unit(.systemd, flags: ["--interval", "6h", "--smart"]))
        #expect(
            lines.contains("ExecStart=/usr/local/bin/musicdiff daemon --foreground --interval 6h --smart")
        )
        for line in [
            "[Unit]", "[Service]", "[Install]", "ExecReload=/usr/local/bin/musicdiff daemon reload",
            "Restart=on-failure",
            "RestartSec=60", "WantedBy=default.target", "Type=notify", "NotifyAccess=main",
            "WatchdogSec=2min",
            "NoNewPrivileges=yes",
        ] {
            #expect(lines.contains(line), "\(line)")
        }
        #expect(!lines.contains { $0.hasPrefix("StandardOutput=") || $0.hasPrefix("StandardError=") })
        #expect(!lines.contains { $0.hasPrefix("After=network") || $0.hasPrefix("ExecStop=") })
        #expect(!lines.contains { $0.hasPrefix("Environment=") })
        // Namespaces a user manager may not get would keep the unit from starting at all.
        #expect(!lines.contains { $0.hasPrefix("PrivateTmp=") || $0.hasPrefix("ProtectSystem=") })
    }

    /// A reload waits for the daemon: `daemon reload` as ExecReload up to systemd 252, which
    /// refuses notify-reload; from 253, notify-reload and no ExecReload.
    @Test(arguments: [(nil, false), (252, false), (253, true), (256, true)] as [(Int?, Bool)])
    func systemdReloadWaitsForTheDaemon(version: Int?, notifyReload: Bool) {
        var unit = Self.unit(.systemd)
        unit.systemdVersion = version
        let lines = Self.lines(unit)
        #expect(lines.contains("Type=notify-reload") == notifyReload)
        #expect(lines.contains("Type=notify") == !notifyReload)
        #expect(lines.contains("ExecReload=/usr/local/bin/musicdiff daemon reload") == !notifyReload)
        #expect(!lines.contains { $0.contains("kill -HUP") })
    }

    /// The package's unit says whose it is and runs /usr/bin/musicdiff.
    @Test func thePackagedUnitSaysSo() {
        var unit = Self.unit(.systemd, executable: "/usr/bin/musicdiff")
        unit.packaged = true
        #expect(
            unit.text.hasPrefix(
                "# musicdiff's sync scheduler as a systemd user unit, installed by its Debian package.\n"
            )
        )
        #expect(Self.lines(unit).contains("ExecStart=/usr/bin/musicdiff daemon --foreground"))
    }

    /// The watchdog costs the idle daemon at most one wake-up a minute (a ping every half).
    @Test func systemdWatchdogPingsAtMostOnceAMinute() throws {
        let line = try #require(Self.lines(Self.unit(.systemd)).first { $0.hasPrefix("WatchdogSec=") })
        #expect(line == "WatchdogSec=2min")
        let notifier = ServiceNotifier(environment: ["NOTIFY_SOCKET": "@x", "WATCHDOG_USEC": "120000000"])
        #expect(try #require(notifier.watchdogEvery) >= .seconds(60))
    }

    @Test func systemdUnitSetsMusicdiffHomeOnlyWhenGiven() {
        let lines = Self.lines(Self.unit(.systemd, homeOverride: "/srv/music state/50%"))
        #expect(
            lines.filter { $0.hasPrefix("Environment=") } == [
                #"Environment="MUSICDIFF_HOME=/srv/music state/50%%""#
            ]
        )
        let plain = Self.lines(Self.unit(.systemd, homeOverride: "/srv/md"))
        #expect(plain.contains("Environment=MUSICDIFF_HOME=/srv/md"))
    }

    @Test(arguments: [
        ("plain", "plain"),
        ("0 2 * * *", #""0 2 * * *""#),
        ("/p/it's", #""/p/it's""#),
        (#"say "hi""#, #""say \"hi\"""#),
        (#"back\slash"#, #""back\\slash""#),
        ("50%", #""50%%""#),
        ("$HOME", #""$$HOME""#),
        (";", #"";""#),
        ("", #""""#),
        ("tab\tnew\nline", #""tab\tnew\nline""#),
        ("Müsik", #""Müsik""#),
    ])
    func systemdQuotesEachArgument(word: String, quoted: String) {
        #expect(ServiceUnit.execQuoted(word) == quoted)
    }

    @Test func systemdDoublesPercentButNotDollarInTheExecutable() {
        let lines = Self.lines(Self.unit(.systemd, executable: "/opt/my apps/50%/$v/musicdiff"))
        #expect(lines.contains(#"ExecStart="/opt/my apps/50%%/$v/musicdiff" daemon --foreground"#))
    }

    @Test func refusesWhatAServiceFileCannotCarry() {
        #expect(Self.unit(.systemd, executable: #"/opt/it's/musicdiff"#).problem != nil)
        #expect(Self.unit(.launchd, executable: #"/opt/it's/musicdiff"#).problem == nil)
        #expect(Self.unit(.launchd, flags: ["--policy", "a\u{1}b"]).problem != nil)
        #expect(Self.unit(.systemd, flags: ["--schedule", "0 2 * * *"]).problem == nil)
    }

    @Test func plistParsesBackWithTheArgumentsAndEnvironment() throws {
        let flags = ["--policy", "/p/a&b <c> \"d\" 'e'.yaml", "--schedule", "0 2 * * *"]
        let unit = Self.unit(.launchd, flags: flags, homeOverride: "/srv/R&D <music>")
        let plist = try #require(
            try PropertyListSerialization.propertyList(from: Data(unit.text.utf8), format: nil)
                as? [String: Any]
        )
        #expect(plist["Label"] as? String == "com.musicdiff.daemon")
        #expect(
            plist["ProgramArguments"] as? [String] == ["/usr/local/bin/musicdiff", "daemon", "--foreground"]
                + flags
        )
        #expect(plist["RunAtLoad"] as? Bool == true)
        #expect((plist["KeepAlive"] as? [String: Any])?["SuccessfulExit"] as? Bool == false)
        #expect(plist["EnvironmentVariables"] as? [String: String] == ["MUSICDIFF_HOME": "/srv/R&D <music>"])
        #expect(plist["StandardErrorPath"] as? String == "/home/ana/.musicdiff/daemon.err")
        #expect(plist["StandardOutPath"] as? String == "/home/ana/.musicdiff/daemon.err")
        #expect(unit.text.contains("<string>/srv/R&amp;D &lt;music&gt;</string>"))
        let bare = Self.unit(.launchd)
        let parsed = try PropertyListSerialization.propertyList(from: Data(bare.text.utf8), format: nil)
        #expect((parsed as? [String: Any])?["EnvironmentVariables"] == nil)
    }

    @Test func pathsFollowHomeAndXDGConfigHome() {
        let home = ["HOME": "/home/ana"]
        #expect(
            ServiceUnit.path(for: .systemd, environment: home)
                == "/home/ana/.config/systemd/user/musicdiff.service"
        )
        #expect(
            ServiceUnit.path(for: .systemd, environment: home.merging(["XDG_CONFIG_HOME": "/cfg"]) { $1 })
                == "/cfg/systemd/user/musicdiff.service"
        )
        #expect(
            ServiceUnit.path(for: .systemd, environment: home.merging(["XDG_CONFIG_HOME": "rel"]) { $1 })
                == "/home/ana/.config/systemd/user/musicdiff.service"
        )
        #expect(
            ServiceUnit.path(for: .launchd, environment: home)
                == "/home/ana/Library/LaunchAgents/com.musicdiff.daemon.plist"
        )
    }

    @Test func printsTheCommandsToRunNext() {
        #expect(
            ServiceUnit.enableCommands(.systemd, path: "/x", replaced: false)
                == ["systemctl --user daemon-reload && systemctl --user enable --now musicdiff"]
        )
        #expect(
            ServiceUnit.enableCommands(.launchd, path: "/Users/a b/x.plist", replaced: false)
                == ["launchctl load -w '/Users/a b/x.plist'"]
        )
    }

    /// systemd's own parser agrees: the executable is found through the quoting, and nothing at
    /// all is printed, in system mode (works offline) and in user mode (with a runtime folder):
    /// a bad directive only prints a warning and still exits 0, so a control with one must print.
    /// Skipped where systemd-analyze is not installed (scripts/setup installs it).
    @Test(
        .enabled(
            if: Self.systemdAnalyze != nil,
            "systemd-analyze is not installed (scripts/setup installs systemd)"
        ),
        arguments: [false, true]
    )
    func systemdAnalyzeVerifiesTheUnit(userMode: Bool) throws {
        let scratch = try ScratchFolder("musicdiff service")
        let folder = scratch.file("bin 50% $HOME;x")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let executable = folder + "/musicdiff"
        try "#!/bin/sh\nexit 0\n".write(toFile: executable, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: executable)
        let unit = Self.unit(
            .systemd,
            executable: executable,
            flags: ["--policy", #"/p/a "b" \c 'd' %n $e;"#],
            homeOverride: #"/srv/m "s" \t %h $HOME"#
        )
        let (status, printed) = try Self.verify(unit.text, in: scratch, userMode: userMode)
        #expect(status == 0, "\(printed)")
        #expect(printed.isEmpty, "systemd-analyze verify printed:\n\(printed)")
        let bad = unit.text.replacingOccurrences(of: "Restart=on-failure", with: "Restart=sometimes")
        #expect(try Self.verify(bad, in: scratch, userMode: userMode).printed.contains("restart specifier"))
    }

    /// `systemd-analyze [--user] verify` of `text` as `musicdiff.service` in `scratch`: its exit
    /// status and all it printed.
    static func verify(
        _ text: String,
        in scratch: ScratchFolder,
        userMode: Bool
    ) throws -> (
        status: Int32, printed: String
    ) {
        try text.write(toFile: scratch.file("musicdiff.service"), atomically: true, encoding: .utf8)
        return try SystemdAnalyze.verify([scratch.file("musicdiff.service")], in: scratch, userMode: userMode)
    }

    /// `command -v systemd-analyze`.
    static let systemdAnalyze = SystemdAnalyze.path
}
