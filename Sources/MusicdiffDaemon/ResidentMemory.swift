import CLinux
import Foundation
import MusicdiffRuntime

/// Gives back the memory a waiting daemon does not need: the heap's free pages
/// (`malloc_trim`), and the pages of the program and libraries that start-up touched once.
///
/// For those, a read-only file mapping that holds no private (copied-on-write) page is
/// dropped from the process with `MADV_DONTNEED`: its pages stay in the page cache, and one
/// needed again comes back on first use as a minor fault, exactly as after the kernel's own
/// reclaim. A mapping with a private page (relocated data) is left alone, since dropping it
/// would lose the relocation. (`MADV_PAGEOUT` was tried first: on this kernel it returns 0 and
/// reclaims nothing of a running binary's text.)
enum ResidentMemory {
    /// Sleeps shorter than this are not worth a trim: the pages would come straight back.
    static let worthwhile: Duration = .seconds(600)
    /// While a due sync is blocked, a trim before each wait, but no more often than this: a
    /// poll tick then costs its own pages only while it runs, and a burst of sensor events
    /// does not re-read `smaps` on each one.
    static let blockedInterval: Duration = .seconds(10)

    /// Trims now. Best effort: a mapping that cannot be read or advised is skipped.
    static func trim() {
        malloc_trim(0)
        guard let smaps = FileText.read("/proc/self/smaps") else { return }
        for mapping in cleanFileMappings(smaps) {
            guard let start = UnsafeMutableRawPointer(bitPattern: mapping.lowerBound) else { continue }
            _ = madvise(start, Int(mapping.upperBound - mapping.lowerBound), MADV_DONTNEED)
        }
    }

    /// The address ranges of `smaps` that are read-only, backed by a file, and hold no
    /// anonymous (private, modified) page.
    static func cleanFileMappings(_ smaps: String) -> [Range<UInt>] {
        var ranges: [Range<UInt>] = []
        var current: Range<UInt>?
        for line in smaps.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard let first = fields.first else { continue }
            if first.contains("-"), !first.hasSuffix(":") {
                current = nil
                guard fields.count >= 6, fields[5].hasPrefix("/"), !fields[1].contains("w") else { continue }
                let bounds = first.split(separator: "-").compactMap { UInt(String($0), radix: 16) }
                if bounds.count == 2, bounds[1] > bounds[0] { current = bounds[0]..<bounds[1] }
            } else if first == "Anonymous:", let range = current {
                if fields.count >= 2, fields[1] == "0" { ranges.append(range) }
                current = nil
            }
        }
        return ranges
    }
}
