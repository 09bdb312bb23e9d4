import CLinux
import Foundation

/// The program's constant data (ICU's tables, 34 MB of them, sit in `.rodata`) shares the
/// writable segment with the data the loader relocates, so its mapping is never clean and the
/// whole-mapping trim leaves it alone. Page by page it can be told apart: `/proc/self/pagemap`
/// marks a page still shared with the file (never written) from one the loader copied to
/// relocate. Only the first kind is dropped, and only within `.rodata`, which no code writes
/// after the loader is done, so no write can race the drop.
extension ResidentMemory {
    /// The address ranges of the writable `.rodata` sections of `executable` (this process's
    /// own) in `maps`, found from its section headers; empty when they cannot be read.
    static func constantRanges(maps: String, executable: String) -> [Range<UInt>] {
        guard let sections = writableConstantSections(ofFile: executable) else { return [] }
        var ranges: [Range<UInt>] = []
        for mapping in maps.split(separator: "\n").compactMap(MappingLine.init)
        where mapping.permissions.hasPrefix("rw") && mapping.path == executable {
            let file = mapping.offset..<(mapping.offset + UInt(mapping.range.count))
            for section in sections {
                let overlap = section.clamped(to: file)
                guard !overlap.isEmpty else { continue }
                let start = mapping.range.lowerBound + overlap.lowerBound - mapping.offset
                ranges.append(start..<(start + UInt(overlap.count)))
            }
        }
        return ranges
    }

    /// The file ranges of the `.rodata` sections that an ELF file maps writable (`SHF_WRITE`).
    static func writableConstantSections(ofFile path: String) -> [Range<UInt>]? {
        guard let file = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? file.close() }
        func read(_ offset: UInt64, _ count: Int) -> [UInt8]? {
            guard (try? file.seek(toOffset: offset)) != nil, let data = try? file.read(upToCount: count),
                data.count == count
            else { return nil }
            return [UInt8](data)
        }
        guard let header = read(0, 64), header[0..<4] == [0x7F, 0x45, 0x4C, 0x46], header[4] == 2 else {
            return nil
        }
        let sectionsAt = UInt64(Self.integer(header, 0x28, 8))
        let (size, count, names) = (
            Self.integer(header, 0x3A, 2), Self.integer(header, 0x3C, 2), Self.integer(header, 0x3E, 2)
        )
        guard size >= 64, count > 0, count < 4096, names < count, let table = read(sectionsAt, size * count)
        else {
            return nil
        }
        func field(_ index: Int, _ at: Int, _ width: Int) -> Int {
            Self.integer(table, index * size + at, width)
        }
        let namesAt = UInt64(field(names, 24, 8))
        guard let strings = read(namesAt, min(field(names, 32, 8), 1 << 16)) else { return nil }
        var sections: [Range<UInt>] = []
        for index in 0..<count {
            let nameAt = field(index, 0, 4)
            guard nameAt < strings.count else { continue }
            let name = strings[nameAt...].prefix { $0 != 0 }
            let flags = field(index, 8, 8)
            let (writable, allocated) = (flags & 0x1 != 0, flags & 0x2 != 0)
            guard String(decoding: name, as: UTF8.self) == ".rodata", writable, allocated else { continue }
            let start = UInt(field(index, 24, 8))
            sections.append(start..<(start + UInt(field(index, 32, 8))))
        }
        return sections
    }

    /// Drops the pages of `range` that are mapped and still the file's (`pagemap` bit 63
    /// present, bit 61 file page), in runs.
    static func dropFilePages(in range: Range<UInt>) {
        let page = UInt(sysconf(Int32(_SC_PAGESIZE)))
        let first = (range.lowerBound + page - 1) / page, end = range.upperBound / page
        guard end > first else { return }
        let fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var entries = [UInt64](repeating: 0, count: Int(end - first))
        let bytes = entries.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(first * 8)) }
        guard bytes == entries.count * 8 else { return }
        var run: UInt?
        for (index, entry) in entries.enumerated() {
            let droppable = entry & (1 << 63) != 0 && entry & (1 << 61) != 0
            let number = first + UInt(index)
            if droppable, run == nil { run = number }
            if !droppable || index == entries.count - 1, let start = run {
                let stop = droppable ? number + 1 : number
                _ = madvise(
                    UnsafeMutableRawPointer(bitPattern: start * page),
                    Int((stop - start) * page),
                    MADV_DONTNEED
                )
                run = nil
            }
        }
    }

    /// The little-endian unsigned integer of `width` bytes at `offset`.
    private static func integer(_ bytes: [UInt8], _ offset: Int, _ width: Int) -> Int {
        guard offset >= 0, offset + width <= bytes.count else { return 0 }
        var value = 0
        for index in (0..<width).reversed() { value = value << 8 | Int(bytes[offset + index]) }
        return value
    }
}
