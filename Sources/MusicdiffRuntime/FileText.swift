import Glibc

/// Reads a whole file with `read(2)` until its end. Foundation's `String(contentsOfFile:)` and
/// `FileManager.contents(atPath:)` stop after one read for a file whose size is 0, which is
/// every file of `/proc` and `/sys`: `/proc/interrupts` on a machine with many CPUs, or
/// `/proc/self/smaps`, came back cut at about 4 KiB.
package enum FileText {
    /// The file's bytes, or nil when it cannot be opened or read. Stops at `limit` bytes.
    package static func bytes(atPath path: String, limit: Int = 16 << 20) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while bytes.count < limit {
            let read = SystemCall.retrying {
                chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            }
            guard case .success(let count) = read else { return nil }
            if count == 0 { break }
            bytes += chunk[0..<count]
        }
        return bytes
    }

    /// The file's text (UTF-8, invalid bytes replaced), or nil when it cannot be read.
    package static func read(_ path: String, limit: Int = 16 << 20) -> String? {
        bytes(atPath: path, limit: limit).map { String(decoding: $0, as: UTF8.self) }
    }
}
