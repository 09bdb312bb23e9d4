import Foundation
import MusicdiffCore
import Testing

/// The README's key tables are the source of the section-5 manual pages (scripts/manpages.py),
/// so each must list every key the parsers accept: a key added to a parser and not to the
/// README would be missing from `man musicdiff-config` too.
@Suite struct ReadmeKeysTests {
    static let readme: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return (try? String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)) ?? ""
    }()

    /// The first cells of the README's table rows (`| `key` | ...`), as written.
    static var tableKeys: Set<String> {
        Set(
            readme.split(separator: "\n").compactMap { line -> String? in
                guard line.hasPrefix("| `") else { return nil }
                return line.dropFirst(3).split(separator: "`").first.map(String.init)
            }
        )
    }

    @Test func theConfigTableListsEveryKeyConfigYamlAccepts() {
        let missing = AcceptedKeys.leaves(AcceptedKeys.config).filter { !Self.tableKeys.contains($0) }
        #expect(missing.isEmpty, "README.md's config.yaml table lacks \(missing)")
    }

    @Test func thePolicyTableListsEveryTopLevelKeyAPolicyAccepts() {
        let keys = Self.tableKeys.map { $0.split(separator: ".").first.map(String.init) ?? $0 }
        let missing = (AcceptedKeys.policy[""] ?? []).filter { key in !keys.contains { $0 == key } }
        #expect(missing.isEmpty, "README.md's policy table lacks \(missing)")
    }
}
