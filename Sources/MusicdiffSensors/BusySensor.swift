import Glibc
import MusicdiffCore
import MusicdiffRuntime

/// Reads the signs of a busy user that no service announces: a camera (`/dev/video*`) some
/// process holds open, found by reading the links in `/proc/PID/fd`, and an ALSA capture
/// substream running (`/proc/asound/card*/pcm*c/sub*/status`). Both are scans, run only when
/// a snapshot is taken (while a due sync waits or a job runs), never on a timer of their own.
package struct BusySensor: Sendable {
    /// The trees read: `dev` for the camera nodes, `proc` for `asound`.
    package let paths: SensorPaths
    /// The `/proc` whose `PID/fd` links are read: always the real one, since the links of a
    /// fixture tree would name no open file (a test's fake camera is held open by a real
    /// process).
    package let processes: String

    /// Creates the sensor.
    package init(paths: SensorPaths, processes: String = "/proc") {
        self.paths = paths
        self.processes = processes
    }

    /// The camera's sign: in use with the first process found holding a `video*` node of
    /// `dev` open; unknown when `dev` or the process table cannot be read.
    package func camera() -> BusySign {
        guard let nodes = Self.entries(of: paths.dev) else {
            return .unknown("cannot read \(paths.dev)")
        }
        guard nodes.contains(where: { $0.hasPrefix("video") }) else { return .free }
        let prefix = (Self.realPath(paths.dev) ?? paths.dev) + "/video"
        guard let pids = Self.entries(of: processes) else { return .unknown("cannot read \(processes)") }
        for pid in pids where pid.first?.isNumber == true {
            let folder = "\(processes)/\(pid)/fd"
            // Another user's descriptors cannot be listed: they are not ours to see.
            guard let descriptors = Self.entries(of: folder) else { continue }
            for descriptor in descriptors {
                guard let target = Self.link(folder + "/" + descriptor), target.hasPrefix(prefix) else {
                    continue
                }
                return .inUse("camera in use (\(owner(pid)))")
            }
        }
        return .free
    }

    /// The microphone's sign: in use when a capture substream's status says `RUNNING`;
    /// unknown without `asound` (no ALSA).
    package func microphone() -> BusySign {
        let asound = paths.proc + "/asound"
        guard let cards = Self.entries(of: asound) else { return .unknown("cannot read \(asound)") }
        for card in cards.sorted() where card.hasPrefix("card") {
            for pcm in (Self.entries(of: "\(asound)/\(card)") ?? []).sorted()
            where pcm.hasPrefix("pcm") && pcm.hasSuffix("c") {
                for sub in (Self.entries(of: "\(asound)/\(card)/\(pcm)") ?? []).sorted()
                where sub.hasPrefix("sub") {
                    guard let status = FileText.read("\(asound)/\(card)/\(pcm)/\(sub)/status", limit: 4096),
                        status.contains("state: RUNNING")
                    else { continue }
                    let pid = Self.field("owner_pid", in: status)
                    let who = pid.map { owner($0) } ?? "\(card) \(pcm) \(sub)"
                    return .inUse("microphone in use (\(who))")
                }
            }
        }
        return .free
    }

    /// `pid 4711 cheese`: the process's id and its `comm`.
    private func owner(_ pid: String) -> String {
        let comm = FileText.read("\(processes)/\(pid)/comm", limit: 256).map { String(SysFile.trimmed($0)) }
        return "pid \(pid)" + (comm.map { $0.isEmpty ? "" : " " + $0 } ?? "")
    }

    /// The value of `name   : value` in an ALSA status file.
    private static func field(_ name: String, in text: String) -> String? {
        for line in text.split(separator: "\n") where line.hasPrefix(name) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let value = SysFile.trimmed(line[line.index(after: colon)...])
            return value.isEmpty ? nil : String(value)
        }
        return nil
    }

    /// The names in a folder (`opendir(3)`/`readdir(3)`), without `.` and `..`; nil when it
    /// cannot be opened.
    static func entries(of folder: String) -> [String]? {
        guard let directory = opendir(folder) else { return nil }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != ".", name != ".." { names.append(name) }
        }
        return names
    }

    /// Where a symbolic link points (`readlink(2)`), or nil.
    static func link(_ path: String) -> String? {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 4096) { buffer in
            let count = readlink(path, buffer.baseAddress!, buffer.count)
            guard count > 0 else { return nil }
            return String(decoding: UnsafeMutableBufferPointer(rebasing: buffer[0..<count]), as: UTF8.self)
        }
    }

    /// The path with its links resolved (`realpath(3)`), or nil.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
