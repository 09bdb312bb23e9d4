import Foundation
import Testing

@testable import MusicdiffDaemon

#if canImport(Glibc)
    import Glibc
#endif

/// `daemon.log` on a disk that fills up: a real, small tmpfs, which needs the right to mount
/// (root, as on this machine and in CI); without it the test is skipped, saying so.
@Suite struct RotatingLogFileDiskFullTests {
    @Test(.enabled(if: SmallDisk.canMount, "mounting a tmpfs needs root (CAP_SYS_ADMIN)"))
    func aLineThatDoesNotFitIsLeftOutWholeAndTheNextLineSaysSo() throws {
        let disk = try SmallDisk()
        let file = RotatingLogFile(path: disk.path + "/daemon.log", maxBytes: 0)
        let first = String(repeating: "a", count: 3_999)  // with its newline, 96 bytes short of a page
        file.write(first)
        try disk.fill()

        // Crosses into a page the disk no longer has: the kernel writes the first 96 bytes.
        file.write(String(repeating: "b", count: 199))
        file.write(String(repeating: "c", count: 150))  // with the notice of the first, too long
        #expect(try disk.read("daemon.log") == first + "\n", "no torn line is left")

        try disk.unfill()
        file.write("d") {
            "WARNING - " + $0
        }
        #expect(
            try disk.read("daemon.log")
                == first + "\nWARNING - 2 log lines lost: cannot write: No space left on device\nd\n"
        )
        file.write("e")
        #expect(try disk.read("daemon.log").hasSuffix("\nd\ne\n"), "the notice is given once")
    }
}

/// A 16 KiB tmpfs mounted on a fresh folder, unmounted when it goes.
final class SmallDisk {
    let path: String

    /// Whether this process may mount one (tried once).
    static let canMount: Bool = (try? SmallDisk()) != nil

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("musicdiff-disk-\(UUID())").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        guard mount("tmpfs", path, "tmpfs", 0, "size=16k,mode=0700") == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: path)
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSLocalizedDescriptionKey: reason])
        }
    }

    deinit {
        _ = umount2(path, Int32(MNT_DETACH))
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Takes every free page with the file `filler`.
    func fill() throws {
        let fd = open(path + "/filler", O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CocoaError(.fileWriteUnknown) }
        defer { close(fd) }
        let page = [UInt8](repeating: 0, count: 4_096)
        while page.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) > 0 {}
        #expect(errno == ENOSPC)
    }

    /// Frees what ``fill()`` took.
    func unfill() throws { try FileManager.default.removeItem(atPath: path + "/filler") }

    /// The text of `name` on the disk.
    func read(_ name: String) throws -> String {
        try String(contentsOfFile: path + "/" + name, encoding: .utf8)
    }
}
