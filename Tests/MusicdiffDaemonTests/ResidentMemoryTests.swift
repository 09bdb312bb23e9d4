import MusicdiffRuntime
import Testing

@testable import MusicdiffDaemon

/// Which mappings a trim drops: read-only, file-backed, and without a private page.
@Suite struct ResidentMemoryTests {
    static let smaps = """
        55d0a0000000-55d0a1000000 r-xp 00000000 fd:01 123 /usr/local/bin/musicdiff
        Rss:                9704 kB
        Anonymous:             0 kB
        55d0a1000000-55d0a1100000 r--p 01000000 fd:01 123 /usr/local/bin/musicdiff
        Rss:                 780 kB
        Anonymous:           760 kB
        55d0a1100000-55d0a1200000 rw-p 01100000 fd:01 123 /usr/local/bin/musicdiff
        Rss:                 340 kB
        Anonymous:           300 kB
        7f0000000000-7f0000100000 rw-p 00000000 00:00 0 
        Rss:                1480 kB
        Anonymous:          1480 kB
        7f0000100000-7f0000180000 r--p 00000000 fd:01 456 /usr/lib/x86_64-linux-gnu/libc.so.6
        Rss:                 160 kB
        Anonymous:             0 kB
        7f0000180000-7f0000190000 r--p 00000000 fd:01 457                        /usr/lib/x86_64-linux-gnu/libm.so.6
        Rss:                  12 kB
        Anonymous:             0 kB
        7ffd00000000-7ffd00002000 r-xp 00000000 00:00 0                          [vdso]
        Rss:                   8 kB
        Anonymous:             0 kB
        """

    @Test func onlyCleanReadOnlyFileMappingsAreDropped() {
        let ranges = ResidentMemory.cleanFileMappings(Self.smaps)
        #expect(
            ranges == [
                0x55d0_a000_0000..<0x55d0_a100_0000, 0x7f00_0010_0000..<0x7f00_0018_0000,
                0x7f00_0018_0000..<0x7f00_0019_0000,
            ]
        )
    }

    /// The `maps` lines of the same mappings as ``smaps``.
    static var maps: String {
        smaps.split(separator: "\n").filter { !$0.hasPrefix("Rss:") && !$0.hasPrefix("Anonymous:") }
            .joined(separator: "\n")
    }

    @Test func aTrimScansSmapsAgainOnlyWhenAReadOnlyFileMappingChanged() {
        var memory = ResidentMemory()
        let clean: [Range<UInt>] = [
            0x55d0_a000_0000..<0x55d0_a100_0000, 0x7f00_0010_0000..<0x7f00_0018_0000,
            0x7f00_0018_0000..<0x7f00_0019_0000,
        ]
        #expect(memory.cleanMappings(maps: Self.maps, smaps: { Self.smaps }) == clean)
        #expect(memory.cleanMappings(maps: Self.maps, smaps: { Self.smaps }) == clean)
        #expect(memory.scans == 1)

        // The heap grew and an anonymous mapping came: no scan.
        let grown = Self.maps + "\n7f0000200000-7f0000300000 rw-p 00000000 00:00 0 "
        #expect(memory.cleanMappings(maps: grown, smaps: { nil }) == clean)
        #expect(memory.scans == 1)

        // A library was loaded: a new scan, which finds it.
        let library =
            "7f0000400000-7f0000480000 r-xp 00000000 fd:01 789 /usr/lib/x86_64-linux-gnu/libcurl.so.4"
        let loaded = Self.smaps + "\n\(library)\nRss:                  40 kB\nAnonymous:             0 kB"
        #expect(
            memory.cleanMappings(maps: Self.maps + "\n" + library, smaps: { loaded })
                == clean + [0x7f00_0040_0000..<0x7f00_0048_0000]
        )
        #expect(memory.scans == 2)
    }

    @Test func aTrimSparingTheProgramKeepsEveryMappingOfItsFile() {
        let ranges = ResidentMemory.programRanges(Self.maps, executable: "/usr/local/bin/musicdiff")
        #expect(
            ranges == [
                0x55d0_a000_0000..<0x55d0_a100_0000, 0x55d0_a100_0000..<0x55d0_a110_0000,
                0x55d0_a110_0000..<0x55d0_a120_0000,
            ]
        )
        #expect(ResidentMemory.programRanges(Self.maps, executable: "/usr/bin/other").isEmpty)
    }

    @Test func aTrimOfThisProcessKeepsItWorking() {
        let before = ResidentMemory.cleanFileMappings(FileText.read("/proc/self/smaps") ?? "")
        #expect(
            before.contains { $0.lowerBound > 0x7000_0000_0000 },
            "the libraries, beyond the first 4 KiB of smaps"
        )
        var memory = ResidentMemory()
        memory.trim(sparingProgram: true)
        memory.trim()
        let maps = FileText.read("/proc/self/maps") ?? ""
        #expect(memory.cleanMappings(maps: maps, smaps: { nil }).count > 2, "the clean mappings found")
        memory.trim()
        // The code and data just dropped come back on use.
        #expect(ResidentMemory.cleanFileMappings(Self.smaps).count == 3)
    }
}
