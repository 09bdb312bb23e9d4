import Foundation
import MusicdiffCore
import Testing

@testable import MusicdiffDaemon

/// `history`'s colours, read from its legend as a terminal gets it: one colour per meaning,
/// none of them the basic yellow or dark blue, each readable on black and on white.
@Suite struct PaletteTests {
    /// Each legend meaning (`synced`, `min_gap`, ...) and the SGR parameters it is painted in.
    static var legend: [String: String] {
        let text = HistoryReportTests.report.text(colour: true)
        let lines = text.split(separator: "\n").filter {
            $0.contains(" synced") || $0.hasPrefix("blocked by") || $0.hasPrefix("            \u{1B}")
        }
        var meanings: [String: String] = [:]
        for line in lines {
            for match in line.matches(of: #/\x1B\[([0-9;]+)m.\x1B\[0m ([a-z_]+(?: [a-z_]+)*)/#) {
                meanings[String(match.output.2)] = String(match.output.1)
            }
        }
        return meanings
    }

    /// The colour of SGR parameters `38;5;N` as red, green, blue (0 to 255); nil for others.
    static func rgb(_ code: String) -> (Double, Double, Double)? {
        let parts = code.split(separator: ";").compactMap { Int($0) }
        guard let at = parts.firstIndex(of: 38), at + 2 < parts.count, parts[at + 1] == 5 else { return nil }
        let index = parts[at + 2]
        if index >= 232 {
            return (
                Double(8 + 10 * (index - 232)), Double(8 + 10 * (index - 232)), Double(8 + 10 * (index - 232))
            )
        }
        guard index >= 16 else { return nil }
        let levels = [0.0, 95, 135, 175, 215, 255]
        let cube = index - 16
        return (levels[cube / 36], levels[cube / 6 % 6], levels[cube % 6])
    }

    /// WCAG's relative luminance.
    static func luminance(_ colour: (Double, Double, Double)) -> Double {
        func linear(_ value: Double) -> Double {
            let c = value / 255
            return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * linear(colour.0) + 0.7152 * linear(colour.1) + 0.0722 * linear(colour.2)
    }

    @Test func everyMeaningOfTheLegendHasAColourOfItsOwn() {
        let legend = Self.legend
        let expected =
            ["synced", "stopped", "failed", "running", "not due", "daemon not running"]
            + Verdict.Rule.allCases.map(\.rawValue)
        #expect(Set(legend.keys) == Set(expected), "every meaning is painted")
        var owners: [String: [String]] = [:]
        for (meaning, code) in legend { owners[code, default: []].append(meaning) }
        let shared = owners.values.filter { $0.count > 1 }.map { $0.sorted() }
        #expect(shared.isEmpty, "meanings sharing one colour: \(shared)")
        #expect(legend["min_gap"] != Palette.codes[.unknown], "a shipped rule has its own colour")
    }

    @Test func noMeaningIsPlainYellowOrPlainDarkBlue() {
        for (meaning, code) in Self.legend {
            let parameters = Set(code.split(separator: ";").map(String.init))
            #expect(parameters.isDisjoint(with: ["33", "34", "93", "43", "44"]), "\(meaning): \(code)")
        }
    }

    @Test func everyColourReadsOnBlackAndOnWhite() {
        for (meaning, code) in Self.legend.merging(["unknown": Palette.codes[.unknown]!]) { a, _ in a } {
            guard let colour = Self.rgb(code) else {
                Issue.record("\(meaning): \(code) is not a colour of the 256-colour cube")
                continue
            }
            let light = Self.luminance(colour)
            let onBlack = (light + 0.05) / 0.05
            let onWhite = 1.05 / (light + 0.05)
            #expect(
                onBlack >= 3 && onWhite >= 3,
                "\(meaning) \(code): \(onBlack) on black, \(onWhite) on white"
            )
        }
    }

    @Test func whyNotMarksUseTheHistoryColours() {
        #expect(Palette.code(Verdict.Status.pass) == Palette.code(HistoryCell.synced))
        #expect(Palette.code(Verdict.Status.fail) == Palette.code(HistoryCell.failed))
        #expect(Palette.code(Verdict.Status.unknown) == Palette.codes[.unknown])
    }
}
