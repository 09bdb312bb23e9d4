import CLinux
import Foundation

/// Gives back the memory an idle daemon does not need before a long sleep: the heap's free
/// pages (`malloc_trim`), and the clean pages of the program and libraries that start-up
/// touched once (`madvise(MADV_PAGEOUT)` on read-only file mappings). A page needed again is
/// read back on first use; writable and anonymous memory is left alone.
enum ResidentMemory {
    /// Sleeps shorter than this are not worth a trim: the pages would come straight back.
    static let worthwhile: Duration = .seconds(600)

    /// Trims now. Best effort: a kernel without `MADV_PAGEOUT` simply ignores the advice.
    static func trim() {
        malloc_trim(0)
        guard let maps = try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8) else { return }
        for line in maps.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 6, fields[5].hasPrefix("/"), !fields[1].contains("w") else { continue }
            let bounds = fields[0].split(separator: "-").compactMap { UInt(String($0), radix: 16) }
            guard bounds.count == 2, bounds[1] > bounds[0],
                let start = UnsafeMutableRawPointer(bitPattern: bounds[0])
            else { continue }
            _ = madvise(start, Int(bounds[1] - bounds[0]), musicdiff_madv_pageout)
        }
    }
}
