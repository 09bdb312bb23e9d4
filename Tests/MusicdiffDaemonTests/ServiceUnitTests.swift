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
            "[Unit]", "[Service]", "[Install]", "ExecReload=/bin/kill -HUP $MAINPID", "Restart=on-failure",
            "RestartSec=60", "WantedBy=default.target",
        ] {
            #expect(lines.contains(line), "\(line)")
        }
        #expect(!lines.contains { $0.hasPrefix("StandardOutput=") || $0.hasPrefix("StandardError=") })
        #expect(!lines.contains { $0.hasPrefix("After=network") || $0.hasPrefix("ExecStop=") })
        #expect(!lines.contains { $0.hasPrefix("Environment=") })
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

    /// systemd's own parser agrees: the executable is found through the quoting, and nothing is
    /// reported as bad. Skipped where systemd-analyze is not installed.
    @Test(.enabled(if: Self.systemdAnalyze != nil)) func systemdAnalyzeVerifiesTheUnit() throws {
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
        try unit.text.write(toFile: scratch.file("musicdiff.service"), atomically: true, encoding: .utf8)
        let runtime = scratch.file("runtime")
        try FileManager.default.createDirectory(atPath: runtime, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.systemdAnalyze!)
        process.arguments = ["--user", "verify", scratch.file("musicdiff.service")]
        process.environment = ["XDG_RUNTIME_DIR": runtime, "HOME": scratch.path, "PATH": "/usr/bin:/bin"]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let output = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(output)")
        #expect(!output.contains("musicdiff.service"), "\(output)")
    }

    /// `command -v systemd-analyze`.
    static let systemdAnalyze: String? = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        .split(separator: ":").map { $0 + "/systemd-analyze" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
}
