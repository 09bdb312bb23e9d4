import Foundation
import Glibc
import MusicdiffCore
import MusicdiffRuntime
import Synchronization
import SystemPackage

/// Reads the free space of the file system holding a path: `statvfs(3)`'s `f_bavail` and
/// `f_blocks` times `f_frsize`, with the mount point from `/proc/self/mounts` (the longest
/// mount point the path, its links resolved, lies under). A file system whose server may not
/// answer (NFS, SMB, FUSE, Ceph, 9p, AFS) is read on a thread of its own, waited for at most
/// ``deadline``: a hung mount makes the reading unknown, never the daemon's thread stuck. The
/// first read of a path is made so too; once it is known to be local, it is read directly
/// (until another file system is mounted there).
package final class StorageSensor: Sendable {
    /// The trees read (`proc` for the mount table).
    package let paths: SensorPaths
    /// The home folder that `~` stands for.
    package let home: String
    /// How long a read may take before it counts as hanging.
    static let deadline = Duration.milliseconds(250)

    /// Where the last path read lies.
    private struct Place {
        var path: String
        var real: String
        var mount: String
        var local: Bool
        var fsid: UInt64?
    }

    private let place = Mutex<Place?>(nil)
    private let bounded = BoundedCall()

    /// Creates the sensor; `home` is what `~` stands for (`$HOME`).
    package init(paths: SensorPaths, home: String) {
        self.paths = paths
        self.home = home
    }

    /// `path` with a leading `~` replaced by the home folder.
    package func expanded(_ path: String) -> String {
        if path == "~" { return home }
        if path.hasPrefix("~/") { return home + path.dropFirst() }
        return path
    }

    /// The free space where `path` (as a policy writes it) lies, or why it cannot be had.
    package func read(_ path: String) -> Reading<StorageState> {
        let full = expanded(path)
        if let known = place.withLock({ $0 }), known.path == full, known.local {
            return measure(known)
        }
        switch bounded.run(within: Self.deadline, { self.locate(full) }) {
        case .returned(let reading):
            return reading
        case .hanging(let since):
            let seconds = Int(Date().timeIntervalSince(since).rounded())
            return .unknown(
                reason: "the free space of \(full) has not been read: statvfs has hung for \(seconds)s"
            )
        }
    }

    /// Resolves `full`'s links, finds its mount and reads it.
    private func locate(_ full: String) -> Reading<StorageState> {
        guard let resolved = realpath(full, nil) else {
            return .unknown(reason: "cannot read the free space of \(full): \(Errno.current.description)")
        }
        let real = String(cString: resolved)
        free(resolved)
        let (mount, type) = mountPoint(of: real)
        let local = !Self.networkTypes.contains(type) && !type.hasPrefix("fuse")
        return measure(Place(path: full, real: real, mount: mount, local: local, fsid: nil))
    }

    /// Reads the file system of `known`; a different file system there than last time (one
    /// mounted on it since) is located again at the next read.
    private func measure(_ known: Place) -> Reading<StorageState> {
        var info = statvfs()
        if case .failure(let error) = SystemCall.retrying({ statvfs(known.real, &info) }) {
            place.withLock { $0 = nil }
            return .unknown(reason: "cannot read the free space of \(known.path): \(error.description)")
        }
        var found = known
        found.fsid = UInt64(info.f_fsid)
        place.withLock { $0 = known.fsid == nil || known.fsid == found.fsid ? found : nil }
        let unit = Double(info.f_frsize == 0 ? info.f_bsize : info.f_frsize)
        return .known(
            StorageState(
                mount: known.mount,
                free: Double(info.f_bavail) * unit,
                total: Double(info.f_blocks) * unit
            )
        )
    }

    /// The mount table's types of file systems whose server may stop answering (and every
    /// FUSE one: sshfs, rclone).
    static let networkTypes: Set<String> = [
        "nfs", "nfs4", "cifs", "smb3", "smbfs", "ceph", "9p", "afs", "coda",
    ]

    /// The longest mount point in the mount table that `path` lies under, and its type; `path`
    /// itself when the table cannot be read.
    func mountPoint(of path: String) -> (mount: String, type: String) {
        guard let table = FileText.read(paths.proc + "/self/mounts") else { return (path, "") }
        var best: (mount: String, type: String)?
        for line in table.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count > 2 else { continue }
            let mount = String(fields[1]).replacingOccurrences(of: "\\040", with: " ")
            let under = mount == "/" || path == mount || path.hasPrefix(mount + "/")
            if under, mount.count > (best?.mount.count ?? -1) { best = (mount, String(fields[2])) }
        }
        return best ?? (path, "")
    }
}
