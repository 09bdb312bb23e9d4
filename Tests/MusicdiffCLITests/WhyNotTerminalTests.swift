import Foundation
import Testing

/// `why-not` on a terminal, as a person sees it: the binary under a pseudo-terminal of 100
/// columns (util-linux's `script`, the size set with `stty`), lines wrapped at its width at
/// word boundaries, and the marks in colour.
@Suite struct WhyNotTerminalTests {
    /// `musicdiff ARGUMENTS` on a terminal `columns` wide: what it printed, its lines without
    /// the terminal's carriage returns.
    static func onTerminal(
        _ fixture: CLIFixture,
        columns: Int,
        _ arguments: [String],
        environment: [String: String] = [:]
    ) throws -> [String] {
        let command =
            "stty cols \(columns) rows 30; exec '\(MusicdiffProcess.binary)' "
            + arguments.map { "'\($0)'" }.joined(separator: " ")
        let result = try fixture.runner.runTool(
            "/usr/bin/script",
            ["-qec", command, "/dev/null"],
            extraEnvironment: environment
        )
        #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
        return result.stdout.replacingOccurrences(of: "\r", with: "").split(separator: "\n").map(String.init)
    }

    /// `line` without its SGR escape sequences: what takes columns on the screen.
    static func visible(_ line: String) -> String {
        line.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
    }

    /// The parenthesised phrases that a line break cuts although they would fit in `room`
    /// columns (the width left under the column): `(on_unknown` / `: pass)`.
    static func cutPhrases(_ lines: [String], room: Int) -> [String] {
        var open: [(line: Int, text: String)] = []
        var cut: [String] = []
        for (number, line) in lines.enumerated() {
            for index in open.indices { open[index].text += " " }
            for character in line.drop(while: { number > 0 && $0 == " " }) {
                for index in open.indices { open[index].text.append(character) }
                if character == "(" { open.append((number, "(")) }
                if character == ")", let phrase = open.popLast(), phrase.line != number,
                    phrase.text.count <= room
                {
                    cut.append(phrase.text)
                }
            }
        }
        return cut
    }

    /// A fixture whose load cannot be read from a deep folder: the rule's reason (the path,
    /// then `the rule passes (on_unknown: pass)`) is longer than a terminal's line.
    static func unreadableLoad() throws -> CLIFixture {
        let fixture = try CLIFixture()
        try FileManager.default.removeItem(atPath: fixture.proc + "/loadavg")
        try fixture.power(ac: false, percent: 23)
        return fixture
    }

    @Test func at100ColumnsNoLineIsWiderAndNoParenthesisIsCut() throws {
        let fixture = try Self.unreadableLoad()
        let lines = try Self.onTerminal(fixture, columns: 100, ["why-not", "--policy", "laptop"]).map(
            Self.visible
        )
        let load = try #require(lines.firstIndex { $0.hasPrefix("? load") }, "\(lines)")
        #expect(lines.joined(separator: " ").contains("(on_unknown: pass)"), "\(lines)")
        #expect(lines.allSatisfy { $0.count <= 100 }, "wider than the terminal: \(lines)")
        #expect(Self.cutPhrases(lines, room: 100 - 11).isEmpty, "\(lines)")
        // The load rule's continuation lines sit under the column after the rule names.
        let column = lines[load].distance(
            from: lines[load].startIndex,
            to: try #require(lines[load].range(of: "unknown")).lowerBound
        )
        let next = lines[load + 1]
        #expect(next.prefix { $0 == " " }.count == column, "under the column: \(lines[load...])")
    }

    @Test func theMarksAreInTheHistoryColours() throws {
        let fixture = try Self.unreadableLoad()
        let lines = try Self.onTerminal(fixture, columns: 100, ["why-not", "--policy", "laptop"])
        #expect(lines.contains { $0.hasPrefix("\u{1B}[1;38;5;160m✗\u{1B}[0m battery") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("\u{1B}[1;38;5;28m✓\u{1B}[0m min_gap") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("\u{1B}[1;38;5;94m?\u{1B}[0m load") }, "\(lines)")
        let plain = try Self.onTerminal(
            fixture,
            columns: 100,
            ["why-not", "--policy", "laptop"],
            environment: ["NO_COLOR": "1"]
        )
        #expect(!plain.joined().contains("\u{1B}["), "NO_COLOR: plain text")
    }

    @Test func aNarrowTerminalWrapsAtItsOwnWidth() throws {
        let fixture = try Self.unreadableLoad()
        let lines = try Self.onTerminal(fixture, columns: 60, ["why-not", "--policy", "laptop"]).map(
            Self.visible
        )
        #expect(lines.allSatisfy { $0.count <= 60 }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("✗ battery") })
    }
}
