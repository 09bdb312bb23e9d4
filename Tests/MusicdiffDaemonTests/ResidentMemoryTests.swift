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
        7ffd00000000-7ffd00002000 r-xp 00000000 00:00 0                          [vdso]
        Rss:                   8 kB
        Anonymous:             0 kB
        """

    @Test func onlyCleanReadOnlyFileMappingsAreDropped() {
        let ranges = ResidentMemory.cleanFileMappings(Self.smaps)
        #expect(ranges == [0x55d0_a000_0000..<0x55d0_a100_0000, 0x7f00_0010_0000..<0x7f00_0018_0000])
    }

    @Test func aTrimOfThisProcessKeepsItWorking() {
        let before = ResidentMemory.cleanFileMappings(FileText.read("/proc/self/smaps") ?? "")
        #expect(
            before.contains { $0.lowerBound > 0x7000_0000_0000 },
            "the libraries, beyond the first 4 KiB of smaps"
        )
        ResidentMemory.trim()
        // The code and data just dropped come back on use.
        #expect(ResidentMemory.cleanFileMappings(Self.smaps).count == 2)
    }
}
