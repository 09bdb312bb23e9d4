import Foundation
import MusicdiffCore
import MusicdiffRuntime

/// Reads the free space of the file system holding a path: `statvfs(3)`'s `f_bavail` and
/// `f_blocks` times `f_frsize`, with the mount point from `/proc/self/mounts` (the longest
/// mount point the path lies under).
public struct StorageSensor: Sendable {
    /// The trees read (`proc` for the mount table).
    public let paths: SensorPaths
    /// The home folder that `~` stands for.
    public let home: String

    /// Creates the sensor; `home` is what `~` stands for (`$HOME`).
    public init(paths: SensorPaths, home: String) {
        self.paths = paths
        self.home = home
    }

    /// `path` with a leading `~` replaced by the home folder.
    public func expanded(_ path: String) -> String {
        if path == "~" { return home }
        if path.hasPrefix("~/") { return home + path.dropFirst() }
        return path
    }

    /// The free space where `path` (as a policy writes it) lies, or why it cannot be had.
    public func read(_ path: String) -> Reading<StorageState> {
        let full = expanded(path)
        var info = statvfs()
        if case .failure(let error) = SystemCall.retrying({ statvfs(full, &info) }) {
            return .unknown(reason: "cannot read the free space of \(full): \(error.description)")
        }
        let unit = Double(info.f_frsize == 0 ? info.f_bsize : info.f_frsize)
        return .known(
            StorageState(
                mount: mountPoint(of: full),
                free: Double(info.f_bavail) * unit,
                total: Double(info.f_blocks) * unit
            )
        )
    }

    /// The longest mount point in the mount table that `path` lies under; `path` itself when
    /// the table cannot be read.
    func mountPoint(of path: String) -> String {
        guard let table = FileText.read(paths.proc + "/self/mounts") else { return path }
        var best: String?
        for line in table.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count > 1 else { continue }
            let mount = String(fields[1]).replacingOccurrences(of: "\\040", with: " ")
            let under = mount == "/" || path == mount || path.hasPrefix(mount + "/")
            if under, mount.count > (best?.count ?? -1) { best = mount }
        }
        return best ?? path
    }
}
