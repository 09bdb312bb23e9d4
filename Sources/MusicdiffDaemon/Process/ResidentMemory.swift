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
///
/// Which mappings are clean takes `/proc/self/smaps`, whose read walks every page of every
/// mapping (about 2 ms, and a chance to be preempted on each tick). A trim therefore keeps
/// the clean mappings it found, and scans again only when the read-only file mappings listed
/// in `/proc/self/maps` (which walks no page) are no longer the ones it scanned: a library
/// loaded or unloaded. A mapping's private pages are written while it is writable, and the
/// loader's `mprotect` back to read-only splits or changes its line, so an unchanged line is
/// a mapping as clean as when it was scanned.
struct ResidentMemory {
    /// Sleeps shorter than this are not worth a trim: the pages would come straight back.
    static let worthwhile: Duration = .seconds(600)
    /// While a due sync is blocked, a whole trim before a wait at most this often; the waits
    /// between spare the program (`trim(sparingProgram: true)`). The first blocked wait drops
    /// what start-up touched; the program's code a poll tick runs then stays mapped until
    /// the next whole trim. Dropping it on every tick kept the daemon 2 MB smaller but cost
    /// more than the tick: pages that only this process maps and no process has mapped are
    /// the first the kernel's reclaim takes (this VM's proactive reclaim within a minute), so
    /// each tick read its code back from disk, a wait and a context switch per page. The
    /// libraries' pages are mapped by other processes too, and come back without a wait.
    static let blockedInterval: Duration = .seconds(600)

    /// The executable's path, which the program's own mappings name.
    private let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
    /// The `maps` lines of the read-only file mappings the last scan saw; nil before the first.
    private var scanned: [Substring]?
    /// The address ranges among them that held no private page.
    private var clean: [Range<UInt>] = []
    /// The same, without the program's own: what a trim sparing the program drops.
    private var libraries: [Range<UInt>] = []
    /// How many times `smaps` was read (for tests).
    private(set) var scans = 0
    /// The executable's constant data in this process (``constantRanges(maps:executable:)``),
    /// found at the first whole trim.
    private var constants: [Range<UInt>]?

    /// Trims now. Best effort: a mapping that cannot be read or advised is skipped.
    /// `sparingProgram` keeps the executable's own pages: only the libraries' go.
    mutating func trim(sparingProgram: Bool = false) {
        malloc_trim(0)
        guard let maps = FileText.read("/proc/self/maps") else { return }
        let all = cleanMappings(maps: maps, smaps: { FileText.read("/proc/self/smaps") })
        for mapping in sparingProgram ? libraries : all {
            guard let start = UnsafeMutableRawPointer(bitPattern: mapping.lowerBound) else { continue }
            _ = madvise(start, Int(mapping.upperBound - mapping.lowerBound), MADV_DONTNEED)
        }
        if sparingProgram { return }
        if constants == nil {
            constants = executable.map { Self.constantRanges(maps: maps, executable: $0) } ?? []
        }
        for range in constants ?? [] { Self.dropFilePages(in: range) }
    }

    /// The address ranges of `executable`'s mappings in `maps` (or `smaps`).
    static func programRanges(_ maps: String, executable: String) -> [Range<UInt>] {
        maps.split(separator: "\n").compactMap(MappingLine.init).filter { $0.path == executable }.map(\.range)
    }

    /// The clean read-only file mappings, from the last scan while the read-only file
    /// mappings of `maps` are the ones it saw, else from a new scan of `smaps`.
    mutating func cleanMappings(maps: String, smaps: () -> String?) -> [Range<UInt>] {
        if Self.readOnlyFileMappings(maps) != scanned {
            guard let text = smaps() else { return [] }
            scans += 1
            scanned = Self.readOnlyFileMappings(text)
            clean = Self.cleanFileMappings(text)
            let program = executable.map { Self.programRanges(text, executable: $0) } ?? []
            libraries = clean.filter { mapping in !program.contains { $0.overlaps(mapping) } }
        }
        return clean
    }

    /// The mapping lines of `maps` or `smaps` that are read-only and backed by a file.
    static func readOnlyFileMappings(_ text: String) -> [Substring] {
        text.split(separator: "\n").filter { MappingLine($0)?.isReadOnlyFile == true }
    }

    /// The address ranges of `smaps` that are read-only, backed by a file, and hold no
    /// anonymous (private, modified) page.
    static func cleanFileMappings(_ smaps: String) -> [Range<UInt>] {
        var ranges: [Range<UInt>] = []
        var current: Range<UInt>?
        for line in smaps.split(separator: "\n") {
            if let mapping = MappingLine(line) {
                current = mapping.isReadOnlyFile ? mapping.range : nil
                continue
            }
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.first == "Anonymous:", let range = current {
                if fields.count >= 2, fields[1] == "0" { ranges.append(range) }
                current = nil
            }
        }
        return ranges
    }
}

/// One mapping's line of `/proc/self/maps`, or a mapping's first line in `smaps`:
/// `start-end perms offset dev inode [path]`, the path after padding.
struct MappingLine {
    /// The addresses mapped.
    let range: Range<UInt>
    /// `r-xp`, `rw-p`.
    let permissions: Substring
    /// Where in the file the mapping starts.
    let offset: UInt
    /// The file, `[heap]`-like name, or empty for an anonymous mapping.
    let path: Substring

    /// Parses `line`; nil for any other line (`smaps`' `Rss:` and the like).
    init?(_ line: Substring) {
        let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
        guard fields.count >= 5 else { return nil }
        let bounds = fields[0].split(separator: "-")
        guard bounds.count == 2, let low = UInt(bounds[0], radix: 16), let high = UInt(bounds[1], radix: 16),
            high > low, let offset = UInt(fields[2], radix: 16)
        else { return nil }
        range = low..<high
        permissions = fields[1]
        self.offset = offset
        path = fields.count == 6 ? fields[5].drop { $0 == " " } : ""
    }

    /// Read-only and backed by a file.
    var isReadOnlyFile: Bool { !permissions.contains("w") && path.hasPrefix("/") }
}
