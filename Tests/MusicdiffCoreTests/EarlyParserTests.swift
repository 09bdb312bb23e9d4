import Testing

@testable import MusicdiffCore

/// The policy's `early` key: read as a duration of at least 1 s, shown by `policy show`, a bad
/// value one error with file:line:col, like the other duration keys.
@Suite struct EarlyParserTests {
    func parse(_ text: String) throws -> Policy {
        try PolicyParser.parse(text, file: "p.yaml", defaultName: "p")
    }

    @Test func itIsReadAndShown() throws {
        let policy = try parse("min_gap: 6h\nearly: 2h\n")
        #expect(policy.early == .seconds(7200))
        #expect(policy.yaml.hasSuffix("settle: 2m\nearly: 2h\n"))
        #expect(try parse(policy.yaml) == policy)
        let none = try parse("min_gap: 6h\n")
        #expect(none.early == nil)
        #expect(none.yaml.hasSuffix("\n# early: none (a sync never starts before its due time)\n"))
        #expect(try parse(none.yaml) == none)
    }

    /// (text, line, column, message)
    static let malformed: [(String, Int, Int, String)] = [
        ("min_gap: 6h\nearly: 5x\n", 2, 8, #""5x" is not a duration (try "30m" or "2h")"#),
        ("min_gap: 6h\nearly: 0s\n", 2, 8, #"early must be at least 1s (try "2h")"#),
        ("min_gap: 6h\nearly: [2h]\n", 2, 8, #"early must be a duration like "2h", not a list"#),
        ("min_gap: 6h\nerly: 2h\n", 2, 1, #"unknown key "erly" in a policy (did you mean "early"?)"#),
    ]

    @Test(arguments: malformed)
    func aBadValueSaysWhereAndWhy(text: String, line: Int, column: Int, message: String) {
        do throws(PolicyError) {
            _ = try PolicyParser.parse(text, file: "p.yaml", defaultName: "p")
            Issue.record("\(text) parsed")
        } catch {
            #expect(error.file == "p.yaml")
            #expect(error.line == line)
            #expect(error.column == column)
            #expect(error.message.hasPrefix(message), "\(error.message)")
        }
    }
}
