import Foundation
import Testing

/// The README's worked example of `musicdiff gate` (a restic backup's service and timer, the
/// service gated with `ExecCondition=`) is a unit systemd's own parser accepts, printing
/// nothing, in system and user mode. Skipped where systemd-analyze is not installed.
@Suite struct GateUnitTests {
    /// The text of the README's block whose first line is `# ~/.config/systemd/user/NAME`.
    static func unit(named name: String) -> String? {
        let readme = ReadmeKeysTests.readme
        guard let start = readme.range(of: "```ini\n# ~/.config/systemd/user/\(name)\n") else { return nil }
        let rest = readme[start.upperBound...]
        return rest.range(of: "```").map { String(rest[..<$0.lowerBound]) }
    }

    @Test(
        .enabled(if: SystemdAnalyze.path != nil, "systemd-analyze is not installed"),
        arguments: [false, true]
    )
    func theReadmesGatedBackupVerifies(userMode: Bool) throws {
        let scratch = try ScratchFolder("musicdiff-gate-unit")
        let service = try #require(Self.unit(named: "restic-backup.service"))
        let timer = try #require(Self.unit(named: "restic-backup.timer"))
        #expect(service.contains("ExecCondition=/usr/bin/musicdiff gate --policy laptop\n"))
        // Programs that exist here stand in for the installed ones.
        var text = service
        for program in ["musicdiff", "restic"] {
            let path = scratch.file(program)
            try "#!/bin/sh\nexit 0\n".write(toFile: path, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
            text = text.replacingOccurrences(of: "/usr/bin/\(program) ", with: path + " ")
        }
        let (status, printed) = try Self.verify(service: text, timer: timer, in: scratch, userMode: userMode)
        #expect(status == 0, "\(printed)")
        #expect(printed.isEmpty, "systemd-analyze verify printed:\n\(printed)")
        // A control: a bad directive makes it speak.
        let bad = text.replacingOccurrences(of: "Type=oneshot", with: "Type=sometimes")
        #expect(
            !(try Self.verify(service: bad, timer: timer, in: scratch, userMode: userMode).printed.isEmpty)
        )
    }

    /// `systemd-analyze [--user] verify` of the two units, written in `scratch`: its exit
    /// status and all it printed.
    static func verify(
        service: String,
        timer: String,
        in scratch: ScratchFolder,
        userMode: Bool
    ) throws -> (status: Int32, printed: String) {
        try service.write(toFile: scratch.file("restic-backup.service"), atomically: true, encoding: .utf8)
        try timer.write(toFile: scratch.file("restic-backup.timer"), atomically: true, encoding: .utf8)
        let units = [scratch.file("restic-backup.service"), scratch.file("restic-backup.timer")]
        return try SystemdAnalyze.verify(units, in: scratch, userMode: userMode)
    }
}
