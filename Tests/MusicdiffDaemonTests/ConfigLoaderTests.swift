import Foundation
import Testing

@testable import MusicdiffCore
@testable import MusicdiffDaemon

@Suite struct ConfigLoaderTests {
    let folder: ScratchFolder
    let home: MusicdiffHome

    init() throws {
        folder = try ScratchFolder("musicdiff-config")
        home = MusicdiffHome(path: folder.path)
    }

    func write(_ text: String, mode: Int) throws {
        try text.write(toFile: home.config, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: home.config)
    }

    static let withPassword = """
        daemon:
          notify_on_conflicts: true
          notification_method: email
          email: { smtp_server: smtp.example.com, username: me@example.com, password: hunter2 }
        """

    @Test func noFileMeansTheDefaults() throws {
        #expect(try ConfigLoader.load(home: home) == Config())
    }

    @Test(arguments: [0o644, 0o640, 0o604, 0o660])
    func aPasswordInAFileOthersCanReadIsRefusedAsSshWould(mode: Int) throws {
        try write(Self.withPassword, mode: mode)
        let error = DaemonError.configNotPrivate(path: home.config, mode: UInt16(mode))
        #expect(throws: error) { try ConfigLoader.load(home: home) }
        let octal = String(mode, radix: 8)
        #expect(
            error.description
                == "\(home.config): holds a password but is readable by others (mode 0\(octal)); run chmod 600 \(home.config)"
        )
    }

    @Test func aPasswordInAPrivateFileIsRead() throws {
        try write(Self.withPassword, mode: 0o600)
        #expect(try ConfigLoader.load(home: home).daemon.email?.password == "hunter2")
    }

    @Test func aFileWithoutSecretsMayBeReadable() throws {
        try write("sync:\n  command: [/usr/bin/true]\n", mode: 0o644)
        #expect(try ConfigLoader.load(home: home).sync.command == ["/usr/bin/true"])
    }

    @Test func anInvalidFileNamesItsPathLineAndColumn() throws {
        try write("daemon:\n  interval: soon\n", mode: 0o600)
        #expect(
            throws: DaemonError.config(
                PolicyError(
                    file: home.config,
                    line: 2,
                    column: 13,
                    message: "\"soon\" is not a duration (try \"30m\" or \"6h\")"
                )
            )
        ) { try ConfigLoader.load(home: home) }
    }
}
