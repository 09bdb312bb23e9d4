import Foundation

/// A small `tmpfs` mounted on a fresh temporary folder, for tests of free space: filled by the
/// test, unmounted and removed when released. Mounting needs root (`CAP_SYS_ADMIN`);
/// ``canMount`` says whether this process may.
package final class SmallDisk {
    /// Where it is mounted.
    package let path: String

    /// Mounts a `tmpfs` of `mebibytes`.
    package init(mebibytes: Int) throws {
        path =
            FileManager.default.temporaryDirectory.appendingPathComponent(
                "musicdiff-disk-\(UUID().uuidString)"
            )
            .path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        guard mount("tmpfs", path, "tmpfs", 0, "size=\(mebibytes)m,mode=0755") == 0 else {
            let code = errno
            try? FileManager.default.removeItem(atPath: path)
            throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EPERM)
        }
    }

    deinit {
        umount2(path, Int32(MNT_DETACH))
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Whether a `tmpfs` can be mounted here (the tests that need one are skipped otherwise).
    package static let canMount: Bool = (try? SmallDisk(mebibytes: 1)) != nil

    /// Writes a file `name` of `mebibytes` (zeros) on the disk.
    package func fill(_ name: String, mebibytes: Int) throws {
        try Data(count: mebibytes << 20).write(to: URL(fileURLWithPath: path + "/" + name))
    }

    /// Removes the file `name`.
    package func free(_ name: String) throws { try FileManager.default.removeItem(atPath: path + "/" + name) }
}
