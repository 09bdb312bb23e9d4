import Testing

@testable import MusicdiffRuntime

/// Files of `/proc` read whole, past the first read that Foundation stops at.
@Suite struct FileTextTests {
    @Test func aProcFileLongerThanOneReadIsReadToItsEnd() throws {
        let smaps = try #require(FileText.read("/proc/self/smaps"))
        #expect(smaps.utf8.count > 8192)
        // The stack and the vDSO are the last mappings.
        #expect(smaps.contains("[stack]"))
        #expect(smaps.contains("[vdso]"))
    }

    @Test func aMissingFileIsNil() {
        #expect(FileText.read("/proc/self/no-such-file") == nil)
    }
}
