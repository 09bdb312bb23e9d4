import Foundation
import MusicdiffRuntime

#if canImport(Glibc)
    import Glibc
#endif

/// The kernel's table of file locks, `/proc/locks`: which files have a `flock` lock now,
/// read without taking one.
struct LockTable: Sendable, Equatable {
    /// The files with a granted `flock` lock, as (device, inode).
    var flocks: Set<FileID>
    /// The pid the table names for each file's lock: the process that took it, which need
    /// not hold it still (a child may have inherited the descriptor and outlived it).
    var takers: [FileID: [Int32]] = [:]

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
            guard let id = Self.flock(line) else { continue }
            flocks.insert(id)
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if let pid = Int32(fields[4]) { takers[id, default: []].append(pid) }
        }
    }

    /// The file a granted `flock` line of the table (or of a descriptor's `fdinfo`, after its
    /// `lock:` label) locks; nil for other lines.
    private static func flock(_ line: Substring) -> FileID? {
        let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard fields.count >= 6, fields[1] == "FLOCK" else { return nil }
        let id = fields[5].split(separator: ":")
        guard id.count == 3, let major = UInt64(id[0], radix: 16), let minor = UInt64(id[1], radix: 16),
            let inode = UInt64(id[2])
        else { return nil }
        return FileID(major: major, minor: minor, inode: inode)
    }

    /// Whether the file `device`:`inode` (from `stat`) has a `flock` lock.
    func hasFlock(device: UInt64, inode: UInt64) -> Bool {
        flocks.contains(FileID(device: device, inode: inode))
    }

    /// Whether process `pid` holds a `flock` lock on the file `device`:`inode`, read from its
    /// own descriptors (`/proc/PID/fd` and `/proc/PID/fdinfo`); nil when they cannot be read
    /// (another user's process). False when no such process runs.
    ///
    /// Cheaper than ``read(path:)``: a read of `/proc/locks` takes the kernel's lock table for
    /// writing, which waits for an RCU grace period (5 to 15 ms on the test VM).
    static func flockHeld(by pid: Int32, device: UInt64, inode: UInt64, proc: String = "/proc") -> Bool? {
        let folder = "\(proc)/\(pid)/fd"
        guard let names = Directory.names(at: folder) else {
            return errno == ENOENT || errno == ESRCH ? false : nil
        }
        let file = FileID(device: device, inode: inode)
        for name in names where name.first?.isNumber == true {
            var info = stat()
            guard stat(folder + "/" + name, &info) == 0, UInt64(info.st_dev) == device,
                UInt64(info.st_ino) == inode,
                let text = FileText.read("\(proc)/\(pid)/fdinfo/\(name)")
            else { continue }
            for line in text.split(separator: "\n") where line.hasPrefix("lock:") {
                if Self.flock(line.dropFirst("lock:".count).drop { $0 == "\t" || $0 == " " }) == file {
                    return true
                }
            }
        }
        return false
    }
}

extension LockTable {
    /// The processes that hold a `flock` lock on the file `device`:`inode`, found by asking
    /// each process's descriptors (``flockHeld(by:device:inode:proc:)``): the table names
    /// only who took a lock, and a descriptor handed on may keep it after its taker is gone.
    /// Other users' processes, whose descriptors cannot be read, are not seen. A walk of
    /// every process: for a refusal or a report, not for a loop.
    static func holders(device: UInt64, inode: UInt64, proc: String = "/proc") -> [Int32] {
        (Directory.names(at: proc) ?? []).compactMap(Int32.init).filter {
            flockHeld(by: $0, device: device, inode: inode, proc: proc) == true
        }
    }
}

extension LockTable.FileID {
    /// The file `device`:`inode`, from `stat`, in the table's terms.
    init(device: UInt64, inode: UInt64) {
        // glibc's encoding of dev_t (what its major() and minor() macros undo).
        major = ((device >> 8) & 0xfff) | ((device >> 32) & ~0xfff)
        minor = (device & 0xff) | ((device >> 12) & ~0xff)
        self.inode = inode
    }
}
