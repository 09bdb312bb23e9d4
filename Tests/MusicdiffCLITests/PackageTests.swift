import Foundation
import Testing

/// `scripts/package` builds the .deb a Debian user installs: its files, control fields and
/// lintian's word; installed into a throw-away root and removed, it leaves nothing; each manual
/// page formats without a warning. It packages the release binary (`swift build -c release
/// --static-swift-stdlib`, which `.ci/run` builds before the tests): the debug one links the
/// toolchain's Swift runtime, which no Debian package provides.
@Suite(
    .enabled(
        if: FileManager.default.isExecutableFile(atPath: DebianPackage.binary),
        "no release binary: swift build -c release --static-swift-stdlib (CI builds it)"
    )
)
struct PackageTests {
    static var binary: String { DebianPackage.binary }
    static var built: (deb: String, folder: String, log: String)? { DebianPackage.built }

    static func tool(_ path: String, _ arguments: [String]) throws -> MusicdiffProcess.Result {
        try MusicdiffProcess(environment: [:]).runTool(path, arguments)
    }

    static func deb() throws -> String {
        let built = try #require(built)
        #expect(!built.deb.isEmpty, "scripts/package failed: \(built.log)")
        return built.deb
    }

    @Test func theFileListAndControlFields() throws {
        let deb = try Self.deb()
        let version = try Self.tool(Self.binary, ["--version"]).stdout.trimmingCharacters(
            in: .whitespacesAndNewlines
        )
        let arch = try Self.tool("/usr/bin/dpkg", ["--print-architecture"]).stdout.trimmingCharacters(
            in: .newlines
        )
        #expect(deb.hasSuffix("/musicdiff_\(version)_\(arch).deb"), "\(deb)")
        let files = try Self.tool("/usr/bin/dpkg-deb", ["--contents", deb]).stdout
        for path in [
            "./usr/bin/musicdiff", "./usr/lib/systemd/user/musicdiff.service",
            "./usr/share/man/man1/musicdiff.1.gz", "./usr/share/man/man5/musicdiff-config.5.gz",
            "./usr/share/man/man5/musicdiff-policy.5.gz", "./usr/share/bash-completion/completions/musicdiff",
            "./usr/share/zsh/vendor-completions/_musicdiff",
            "./usr/share/fish/vendor_completions.d/musicdiff.fish",
            "./usr/share/doc/musicdiff/copyright", "./usr/share/doc/musicdiff/changelog.Debian.gz",
            "./usr/share/doc/musicdiff/README.md", "./usr/share/doc/musicdiff/examples/policies/laptop.yaml",
            "./usr/share/applications/musicdiff.desktop",
            "./usr/share/icons/hicolor/scalable/apps/musicdiff.svg",
        ] {
            #expect(files.contains(" \(path)\n"), "\(path) missing from:\n\(files)")
        }
        let owners = files.split(separator: "\n").filter { !$0.contains(" root/root ") }
        #expect(owners.isEmpty, "every file is root's: \(owners)")
        let field = { (name: String) in
            try Self.tool("/usr/bin/dpkg-deb", ["--field", deb, name]).stdout.trimmingCharacters(
                in: .newlines
            )
        }
        #expect(try field("Package") == "musicdiff")
        #expect(try field("Version") == version, "the package's version is the binary's")
        let depends = try field("Depends")
        for library in ["libc6", "libglib2.0-0", "libnm0", "libupower-glib3", "libsqlite3-0"] {
            #expect(depends.contains(library), "Depends: \(depends)")
        }
    }

    @Test(
        .enabled(
            if: FileManager.default.isExecutableFile(atPath: "/usr/bin/lintian"),
            "lintian is not installed"
        )
    )
    func lintianFindsNoError() throws {
        let deb = try Self.deb()
        let lintian = try Self.tool("/usr/bin/lintian", ["--tag-display-limit", "0", deb])
        let errors = lintian.stdout.split(separator: "\n").filter { $0.hasPrefix("E:") }
        #expect(errors.isEmpty, "\(lintian.stdout)")
        #expect(lintian.status == 0, "\(lintian.stdout)\(lintian.stderr)")
    }

    /// dpkg into a root of its own (its own database), then removed: nothing of the package stays.
    @Test func installsIntoAThrowAwayRootAndRemovesCleanly() throws {
        let deb = try Self.deb()
        let root = try #require(Self.built).folder + "/root"
        for folder in ["var/lib/dpkg/info", "var/lib/dpkg/updates", "var/lib/dpkg/triggers"] {
            try FileManager.default.createDirectory(
                atPath: root + "/" + folder,
                withIntermediateDirectories: true
            )
        }
        for file in ["var/lib/dpkg/status", "var/lib/dpkg/available"] {
            FileManager.default.createFile(atPath: root + "/" + file, contents: Data())
        }
        let dpkg = { (arguments: [String]) in
            try Self.tool(
                "/usr/bin/dpkg",
                ["--root=\(root)", "--force-depends", "--force-script-chrootless"] + arguments
            )
        }
        let install = try dpkg(["--install", deb])
        #expect(install.status == 0, "\(install.stdout)\(install.stderr)")
        let unit = try String(
            contentsOfFile: root + "/usr/lib/systemd/user/musicdiff.service",
            encoding: .utf8
        )
        #expect(unit.contains("\nExecStart=/usr/bin/musicdiff daemon --foreground\n"))
        #expect(unit.contains("\nExecReload=/usr/bin/musicdiff daemon reload\n"))
        #expect(FileManager.default.isExecutableFile(atPath: root + "/usr/bin/musicdiff"))
        let purge = try dpkg(["--purge", "musicdiff"])
        #expect(purge.status == 0, "\(purge.stdout)\(purge.stderr)")
        let left = try Self.tool("/usr/bin/find", [root, "-mindepth", "1", "-not", "-path", root + "/var*"])
            .stdout
        #expect(left.isEmpty, "left behind:\n\(left)")
    }

    /// `man -l` of each page: no warning, and the sections a reader looks for.
    @Test(arguments: ["man1/musicdiff.1", "man5/musicdiff-config.5", "man5/musicdiff-policy.5"])
    func eachManualPageFormatsWithoutWarning(page: String) throws {
        let deb = try Self.deb()
        let folder = try #require(Self.built).folder + "/x-" + page.replacingOccurrences(of: "/", with: "-")
        #expect(try Self.tool("/usr/bin/dpkg-deb", ["--extract", deb, folder]).status == 0)
        let path = folder + "/usr/share/man/" + page + ".gz"
        let man = try MusicdiffProcess(environment: ["MANWIDTH": "80"]).runTool(
            "/usr/bin/man",
            ["--warnings", "-l", path]
        )
        #expect(man.status == 0)
        #expect(man.stderr.isEmpty, "man -l \(page): \(man.stderr)")
        for section in ["NAME", "SYNOPSIS", "DESCRIPTION", "FILES", "ENVIRONMENT", "SEE ALSO"] {
            #expect(man.stdout.contains("\n" + section + "\n"), "\(page) lacks \(section)")
        }
        let expected: [String: [String]] = [
            "man1/musicdiff.1": ["daemon reload", "--timeout", "why-not", "EXIT STATUS", "daemon.sock"],
            "man5/musicdiff-config.5": [
                "daemon.interval", "sync.command", "daemon.email.smtp_server", "MUSICDIFF_SYNC_TRIGGER",
            ],
            "man5/musicdiff-policy.5": [
                "min_gap", "battery.min_percent", "while_running", "laptop", "conservative",
            ],
        ]
        for word in expected[page] ?? [] { #expect(man.stdout.contains(word), "\(page) lacks \(word)") }
    }
}

/// The package of the release binary, built once for the suite.
enum DebianPackage {
    /// The release binary the package is built from.
    static let binary = MusicdiffProcess.packageRoot + "/.build/release/musicdiff"

    /// Where the package is built and unpacked.
    static let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "musicdiff-deb-\(UUID())"
    )
    .path

    /// The package's path (empty when scripts/package failed), the folder it was built in, and
    /// what scripts/package said.
    static let built: (deb: String, folder: String, log: String)? = {
        guard FileManager.default.isExecutableFile(atPath: binary) else { return nil }
        let folder = DebianPackage.folder
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // The package (and what the tests unpack of it) goes when the test process ends.
        atexit { try? FileManager.default.removeItem(atPath: DebianPackage.folder) }
        let run = try? PackageTests.tool(
            MusicdiffProcess.packageRoot + "/scripts/package",
            ["--binary", binary, "--out", folder]
        )
        guard let run, run.status == 0, let deb = run.stdout.split(separator: "\n").last else {
            return (deb: "", folder: folder, log: run?.stderr ?? "scripts/package did not run")
        }
        return (deb: String(deb), folder: folder, log: run.stderr)
    }()
}
