import MusicdiffCore

/// The colours of the reports on a terminal: one per meaning, no two alike, each readable on
/// a dark and on a light background.
///
/// Colours come from the 256-colour cube, picked for a contrast of at least 3.4 against both
/// black and white (the basic yellow vanishes on white, the basic blue on black). The letters
/// always stay, so no meaning rests on colour alone; the outcomes of runs are bold as well.
package enum Palette {
    /// The SGR parameters of each meaning; each rule's colour is the rule's own (its `parts`).
    static let codes: [Meaning: String] = [
        .synced: "1;38;5;28",  // green
        .stopped: "1;38;5;166",  // orange
        .failed: "1;38;5;160",  // red
        .running: "1;38;5;30",  // teal
        .notDue: "38;5;244",  // grey
        .down: "38;5;241",  // darker grey
        .unknown: "1;38;5;94",  // brown
        .paused: "38;5;97",  // mauve
    ]
    .merging(HistoryCell.ruleColours.map { (Meaning.rule($0.key), $0.value) }) { own, _ in own }

    /// What a colour says.
    enum Meaning: Hashable {
        case synced, stopped, failed, running, notDue, down, unknown, paused
        /// A sync held back by this rule.
        case rule(String)
    }

    /// The SGR parameters of a history cell; nil for one not yet come (left blank).
    static func code(_ cell: HistoryCell) -> String? {
        switch cell {
        case .synced: codes[.synced]
        case .stopped: codes[.stopped]
        case .failed: codes[.failed]
        case .running: codes[.running]
        case .notDue: codes[.notDue]
        case .down: codes[.down]
        case .future: nil
        case .blocked(let rule): codes[.rule(rule)] ?? codes[.unknown]
        case .paused: codes[.paused]
        }
    }

    /// The SGR parameters of a verdict's mark: ✓ as a sync, ✗ as a failure, ? as unknown.
    static func code(_ status: Verdict.Status) -> String? {
        switch status {
        case .pass: codes[.synced]
        case .fail: codes[.failed]
        case .unknown: codes[.unknown]
        }
    }

    /// `text` in the colour `code` (and back to the default after it); `text` itself for nil.
    static func paint(_ text: String, _ code: String?) -> String {
        code.map { "\u{1B}[\($0)m\(text)\u{1B}[0m" } ?? text
    }
}
