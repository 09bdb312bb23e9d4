import Foundation
import MusicdiffRuntime

/// The kernel's table of file locks, `/proc/locks`: which files have a `flock` lock now,
/// read without taking one.
struct LockTable: Sendable, Equatable {
    /// The files with a granted `flock` lock, as (device, inode).
    var flocks: Set<FileID>

    /// A file, as the kernel names it in the table.
    struct FileID: Hashable, Sendable {
        var major: UInt64
        var minor: UInt64
        var inode: UInt64
    }

    /// The table now; nil where there is none (not Linux, or `/proc` not mounted).
    static func read(path: String = "/proc/locks") -> LockTable? {
        guard let text = FileText.read(path) else { return nil }
        return LockTable(text: text)
    }

    /// Parses lines such as `1: FLOCK  ADVISORY  WRITE 4711 fd:01:1234567 0 EOF`; lines of
    /// processes waiting for a lock (`1: -> FLOCK ...`) hold nothing and are skipped.
    init(text: String) {
        flocks = []
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 6, fields[1] == "FLOCK" else { continue }
            let id = fields[5].split(separator: ":")
            guard id.count == 3, let major = UInt64(id[0], radix: 16), let minor = UInt64(id[1], radix: 16),
                let inode = UInt64(id[2])
            else { continue }
            flocks.insert(FileID(major: major, minor: minor, inode: inode))
        }
    }

    /// Whether the file `device`:`inode` (from `stat`) has a `flock` lock.
    func hasFlock(device: UInt64, inode: UInt64) -> Bool {
        // glibc's encoding of dev_t (what its major() and minor() macros undo).
        let major = ((device >> 8) & 0xfff) | ((device >> 32) & ~0xfff)
        let minor = (device & 0xff) | ((device >> 12) & ~0xff)
        return flocks.contains(FileID(major: major, minor: minor, inode: inode))
    }
}
