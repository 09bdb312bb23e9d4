import Foundation
import Testing

/// Shell completions come from argument-parser and know every subcommand and flag.
@Suite struct CompletionTests {
    @Test(arguments: ["bash", "zsh", "fish"])
    func theCompletionScriptNamesTheSubcommandsAndFlags(shell: String) throws {
        let result = try CLIFixture().run("--generate-completion-script", shell)
        #expect(result.status == 0)
        for word in ["why-not", "daemon", "policy", "schedule", "service", "interval", "foreground"] {
            #expect(result.stdout.contains(word), "\(shell) completion lacks \(word)")
        }
    }

    /// The committed man page (`scripts/man` writes it) still names every subcommand and long
    /// option that the binary's own help lists.
    @Test func theManPageKnowsEveryCommandAndFlag() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let page = try String(
            contentsOf: root.appendingPathComponent("docs/man/musicdiff.1"),
            encoding: .utf8
        )
        let dump = try CLIFixture().run("--experimental-dump-help")
        let tool = try #require(
            try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any]
        )
        var missing: [String] = []
        func walk(_ command: [String: Any]) {
            if let name = command["commandName"] as? String, !page.contains(name) { missing.append(name) }
            for argument in command["arguments"] as? [[String: Any]] ?? []
            where argument["shouldDisplay"] as? Bool != false {
                for name in argument["names"] as? [[String: Any]] ?? []
                where name["kind"] as? String == "long" {
                    if let long = name["name"] as? String, !page.contains(long) {
                        missing.append("--" + long)
                    }
                }
            }
            (command["subcommands"] as? [[String: Any]] ?? []).forEach(walk)
        }
        walk(try #require(tool["command"] as? [String: Any]))
        #expect(missing.isEmpty, "docs/man/musicdiff.1 lacks \(missing); run scripts/man")
    }
}
