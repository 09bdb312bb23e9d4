import Foundation
import MusicdiffCore

/// When the user's terminals last had input: the latest access time of the terminal devices
/// (`/dev/pts/N`, `/dev/ttyN`) the user owns, as `w` and `who -u` read it.
enum TerminalActivity {
    static func latest(in devices: String, uid: uid_t) -> Date? {
        var latest: Date?
        for folder in [devices + "/pts", devices] {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
            for name in names where folder.hasSuffix("/pts") ? name.allSatisfy(\.isNumber) : isConsole(name) {
                var info = stat()
                guard stat(folder + "/" + name, &info) == 0, info.st_uid == uid,
                    case .success(let seconds) = OutsideNumber.time.check(
                        Double(info.st_atim.tv_sec) + Double(info.st_atim.tv_nsec) / 1e9
                    )
                else { continue }
                let access = Date(timeIntervalSince1970: seconds)
                latest = max(latest ?? access, access)
            }
        }
        return latest
    }

    /// `tty1`…`tty63`: virtual consoles, not `tty` itself or serial lines.
    private static func isConsole(_ name: String) -> Bool {
        name.hasPrefix("tty") && name.count > 3 && name.dropFirst(3).allSatisfy(\.isNumber)
    }
}
