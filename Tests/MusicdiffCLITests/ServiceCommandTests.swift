import Foundation
import Testing

/// `musicdiff service install | uninstall`, run as a user runs them, with `HOME` and
/// `XDG_CONFIG_HOME` in a throwaway folder, so no real unit is ever touched.
@Suite struct ServiceCommandTests {
    @Test func installWritesAUnitRunningThisBinary() throws {
        let sandbox = try ServiceSandbox()
        let run = try sandbox.run("service", "install", "--systemd", "--interval", "6h", "--policy", "laptop")
        #expect(run.status == 0, "\(run.stderr)")
        let text = try #require(sandbox.read(sandbox.unitPath))
        let lines = text.split(separator: "\n").map(String.init)
        #expect(
            lines.contains("ExecStart=\(sandbox.binary) daemon --foreground --interval 6h --policy laptop")
        )
        #expect(!lines.contains { $0.hasPrefix("Environment=") })
        #expect(
            run.stdout.contains("systemctl --user daemon-reload && systemctl --user enable --now musicdiff")
        )
        #expect(run.stderr.isEmpty)
    }

    /// With the Debian package's unit installed, install writes no second one and says how to
    /// enable the package's; --force still writes the user's own, which shadows it.
    @Test func installNoticesThePackagedUnit() throws {
        let sandbox = try ServiceSandbox()
        try FileManager.default.createDirectory(
            atPath: (sandbox.packagedUnit as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true
        )
        try "[Service]\n".write(toFile: sandbox.packagedUnit, atomically: true, encoding: .utf8)
        let run = try sandbox.run("service", "install")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            run.stdout.hasPrefix(
                "The musicdiff package installed \(sandbox.packagedUnit) already; enable it instead of writing a second unit:\n  systemctl --user enable --now musicdiff\n"
            ),
            "\(run.stdout)"
        )
        #expect(!FileManager.default.fileExists(atPath: sandbox.unitPath))
        let forced = try sandbox.run("service", "install", "--force")
        #expect(
            forced.status == 0 && forced.stdout.hasPrefix("Wrote \(sandbox.unitPath)."),
            "\(forced.stderr)"
        )
    }

    @Test func installPassesAChosenHomeOn() throws {
        let sandbox = try ServiceSandbox()
        let home = sandbox.root + "/music home"
        let run = try sandbox.run("service", "install", extra: ["MUSICDIFF_HOME": home])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(sandbox.read(sandbox.unitPath)?.contains("Environment=\"MUSICDIFF_HOME=\(home)\"\n") == true)
    }

    @Test func installRefusesToOverwriteADifferentUnitWithoutForce() throws {
        let sandbox = try ServiceSandbox()
        #expect(try sandbox.run("service", "install", "--interval", "1h").status == 0)
        let first = sandbox.read(sandbox.unitPath)
        let same = try sandbox.run("service", "install", "--interval", "1h")
        #expect(same.status == 0 && same.stdout.contains("unchanged"))
        let refused = try sandbox.run("service", "install", "--schedule", "0 2 * * *")
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("musicdiff: ") && refused.stderr.contains("--force"))
        #expect(refused.stderr.split(separator: "\n").count == 1)
        #expect(sandbox.read(sandbox.unitPath) == first)
        let forced = try sandbox.run("service", "install", "--schedule", "0 2 * * *", "--force")
        #expect(forced.status == 0)
        #expect(sandbox.read(sandbox.unitPath)?.contains(#"--schedule "0 2 * * *""#) == true)
    }

    @Test func printWritesNothing() throws {
        let sandbox = try ServiceSandbox()
        let run = try sandbox.run("service", "install", "--print", "--smart")
        #expect(run.status == 0)
        #expect(run.stdout.contains("ExecStart=\(sandbox.binary) daemon --foreground --smart\n"))
        #expect(run.stdout.hasSuffix("WantedBy=default.target\n"))
        #expect(!FileManager.default.fileExists(atPath: sandbox.root + "/config"))
    }

    @Test func uninstallRemovesTheUnitAndSaysWhenThereIsNone() throws {
        let sandbox = try ServiceSandbox()
        #expect(try sandbox.run("service", "install").status == 0)
        let removed = try sandbox.run("service", "uninstall")
        #expect(removed.status == 0)
        #expect(removed.stdout.contains("systemctl --user disable --now musicdiff"))
        #expect(!FileManager.default.fileExists(atPath: sandbox.unitPath))
        let nothing = try sandbox.run("service", "uninstall")
        #expect(nothing.status == 0 && nothing.stdout.hasPrefix("Nothing to remove"))
    }

    @Test func launchdInstallWritesAPlistThatParses() throws {
        let sandbox = try ServiceSandbox()
        let home = sandbox.root + "/R&D"
        let run = try sandbox.run(
            "service",
            "install",
            "--launchd",
            "--smart",
            extra: ["MUSICDIFF_HOME": home]
        )
        #expect(run.status == 0, "\(run.stderr)")
        let path = sandbox.root + "/home/Library/LaunchAgents/com.musicdiff.daemon.plist"
        #expect(run.stdout.contains("launchctl load -w "))
        let data = try #require(FileManager.default.contents(atPath: path))
        let plist = try #require(
            try PropertyListSerialization.propertyList(from: data, format: nil) as? [String: Any]
        )
        #expect(
            plist["ProgramArguments"] as? [String] == [sandbox.binary, "daemon", "--foreground", "--smart"]
        )
        #expect(plist["StandardErrorPath"] as? String == home + "/daemon.err")
        #expect(try sandbox.run("service", "uninstall", "--launchd").status == 0)
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func statusSaysWhenNothingIsInstalled() throws {
        let run = try ServiceSandbox().run("service", "status")
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("musicdiff: not installed: ") && run.stderr.contains("service install"))
    }

    /// The header lines of `systemctl --user status musicdiff`, the daemon's status line among
    /// them; a fake systemctl on PATH stands in for the user manager.
    @Test func statusShowsTheFirstLinesOfSystemctlStatus() throws {
        let sandbox = try ServiceSandbox()
        #expect(try sandbox.run("service", "install").status == 0)
        let tools = try sandbox.tool(
            "systemctl",
            """
            echo "$@" > \(sandbox.root)/args
            printf '%s\\n' '● musicdiff.service - MusicDiff Sync Daemon' \\
              '     Active: active (running) since Tue 2026-12-01 12:13:16 UTC; 2min ago' \\
              '     Status: "due since 12:13, blocked by load: load 2 per core is above 0.5"' \\
              '' 'Dec 01 12:13:16 host musicdiff[475]: journal line'
            """
        )
        let run = try sandbox.run("service", "status", extra: ["PATH": tools + ":/usr/bin:/bin"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("● musicdiff.service - MusicDiff Sync Daemon\n"))
        #expect(run.stdout.contains(#"Status: "due since 12:13, blocked by load"#))
        #expect(!run.stdout.contains("journal line"))
        #expect(
            sandbox.read(sandbox.root + "/args") == "--user status musicdiff.service --no-pager --lines=0\n"
        )
    }

    @Test func statusSaysWhenNoUserManagerAnswers() throws {
        let sandbox = try ServiceSandbox()
        #expect(try sandbox.run("service", "install").status == 0)
        let tools = try sandbox.tool(
            "systemctl",
            "echo 'Failed to connect to bus: No medium found' >&2; exit 1"
        )
        let run = try sandbox.run("service", "status", extra: ["PATH": tools + ":/usr/bin:/bin"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("cannot tell its state: Failed to connect to bus: No medium found"))
        #expect(run.stderr.contains("systemd user manager"))
        let none = try sandbox.run("service", "status", extra: ["PATH": sandbox.root + "/empty"])
        #expect(none.status == 1 && none.stderr.contains("no systemctl on PATH"), "\(none.stderr)")
    }

    /// The unit for this very binary passes systemd's own check without a word.
    @Test(
        .enabled(
            if: FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze"),
            "no systemd-analyze"
        )
    )
    func theInstalledUnitVerifiesSilently() throws {
        let sandbox = try ServiceSandbox()
        #expect(try sandbox.run("service", "install", "--smart", "--schedule", "0 2 * * *").status == 0)
        let verify = try MusicdiffProcess(environment: [:]).runTool(
            "/usr/bin/systemd-analyze",
            ["verify", sandbox.unitPath]
        )
        #expect(verify.status == 0 && verify.stdout.isEmpty && verify.stderr.isEmpty, "\(verify.stderr)")
    }

    @Test(arguments: [
        ["--interval", "30"],
        ["--interval", "soon"],
        ["--schedule", "61 * * * *"],
        ["--policy", "no-such-policy"],
        ["--interval", "60", "--schedule", "* * * * *"],
        ["--systemd", "--launchd"],
        ["--bogus"],
    ])
    func badFlagsExitOneWithOneLineAndWriteNothing(flags: [String]) throws {
        let sandbox = try ServiceSandbox()
        let run = try sandbox.runner.run(["service", "install"] + flags)
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("musicdiff: "))
        #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: sandbox.unitPath))
    }
}

/// A throwaway `HOME` and `XDG_CONFIG_HOME` for the service commands.
private final class ServiceSandbox {
    let root: String
    var unitPath: String { root + "/config/systemd/user/musicdiff.service" }
    /// Where the package's unit would be.
    var packagedUnit: String { root + "/usr/lib/systemd/user/musicdiff.service" }

    /// The binary under test as the kernel names it, which is what the unit must run.
    let binary: String = {
        guard let resolved = realpath(MusicdiffProcess.binary, nil) else { return MusicdiffProcess.binary }
        defer { free(resolved) }
        return String(cString: resolved)
    }()

    init() throws {
        root =
            FileManager.default.temporaryDirectory.appendingPathComponent("musicdiff-service-\(UUID())").path
        try FileManager.default.createDirectory(atPath: root + "/home", withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    var runner: MusicdiffProcess {
        // No packaged unit, unless a test puts one at MUSICDIFF_PACKAGED_UNIT.
        MusicdiffProcess(environment: [
            "HOME": root + "/home", "XDG_CONFIG_HOME": root + "/config",
            "MUSICDIFF_PACKAGED_UNIT": packagedUnit,
        ])
    }

    func run(_ arguments: String..., extra: [String: String] = [:]) throws -> MusicdiffProcess.Result {
        try runner.run(arguments, extraEnvironment: extra)
    }

    func read(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }

    /// Writes an executable script `name` into a folder of its own; returns the folder.
    func tool(_ name: String, _ body: String) throws -> String {
        let folder = root + "/tools"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try ("#!/bin/sh\n" + body + "\n").write(
            toFile: folder + "/" + name,
            atomically: true,
            encoding: .utf8
        )
        chmod(folder + "/" + name, 0o755)
        return folder
    }
}
