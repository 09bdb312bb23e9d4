import Testing

@testable import MusicdiffCore

/// `sync.nice` and `sync.io_class`: their defaults, the values they take, and a bad value as
/// one error with file:line:col.
@Suite struct GentleConfigTests {
    @Test func aSyncRunsAtNiceTenAndIdleIOUnlessSaidOtherwise() throws {
        let config = try ConfigParser.parse("sync:\n  command: [a]\n", file: "c.yaml")
        #expect(config.sync.nice == 10)
        #expect(config.sync.ioClass == .idle)
        #expect(Config().sync.nice == 10 && Config().sync.ioClass == .idle)
    }

    @Test(
        arguments: [
            ("  nice: 0\n  io_class: best-effort\n", 0, Config.IOClass.bestEffort),
            ("  nice: 19\n  io_class: none\n", 19, .none),
            ("  io_class: idle\n", 10, .idle),
        ] as [(String, Int, Config.IOClass)]
    )
    func theValuesAreRead(lines: String, nice: Int, ioClass: Config.IOClass) throws {
        let config = try ConfigParser.parse("sync:\n  command: [a]\n" + lines, file: "c.yaml")
        #expect(config.sync.nice == nice)
        #expect(config.sync.ioClass == ioClass)
    }

    @Test(
        arguments: [
            ("sync:\n  nice: 20\n", 2, 9, "sync.nice must be between 0 and 19, not 20"),
            ("sync:\n  nice: -5\n", 2, 9, "sync.nice must be between 0 and 19, not -5"),
            ("sync:\n  nice: \"10\"\n", 2, 9, "sync.nice must be a whole number, like 10, not \"10\""),
            ("sync:\n  nice: 2.5\n", 2, 9, "sync.nice must be a whole number, like 10, not \"2.5\""),
            (
                "sync:\n  io_class: low\n", 2, 13,
                "\"low\" is not allowed for sync.io_class; use idle, best-effort or none"
            ),
            (
                "sync:\n  io_class: [idle]\n", 2, 13,
                "sync.io_class must be one of idle, best-effort or none, not a list"
            ),
        ] as [(String, Int, Int, String)]
    )
    func aBadValueSaysWhereAndWhy(text: String, line: Int, column: Int, message: String) {
        #expect(throws: PolicyError(file: "config.yaml", line: line, column: column, message: message)) {
            try ConfigParser.parse(text, file: "config.yaml")
        }
    }
}
