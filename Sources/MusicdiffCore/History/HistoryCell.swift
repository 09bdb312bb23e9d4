/// What one half hour of the history shows.
package enum HistoryCell: Sendable, Hashable {
    /// A sync ended well in it.
    case synced
    /// A sync was stopped in it by a `while_running` rule.
    case stopped
    /// A sync failed in it (failed, crashed, timed out, interrupted, not started).
    case failed
    /// A sync ran through most of it.
    case running
    /// A due sync was held back most of it, by this rule (the first that failed).
    case blocked(rule: String)
    /// The user paused syncing (`musicdiff pause`) most of it.
    case paused
    /// The daemon ran and no sync was due.
    case notDue
    /// The daemon was not running (or nothing was recorded).
    case down
    /// It has not happened yet.
    case future

    /// The letter the grid shows without colour.
    package var letter: Character {
        switch self {
        case .synced: "S"
        case .stopped: "X"
        case .failed: "F"
        case .running: "R"
        // A rule no longer in the list, from an older store.
        case .blocked(let rule): Self.ruleLetters[rule] ?? "?"
        case .paused: "P"
        case .notDue: "."
        case .down: "-"
        case .future: " "
        }
    }

    /// `synced`, `blocked`...: the state's name in `--json`.
    package var name: String {
        switch self {
        case .synced: "synced"
        case .stopped: "stopped"
        case .failed: "failed"
        case .running: "running"
        case .blocked: "blocked"
        case .paused: "paused"
        case .notDue: "not_due"
        case .down: "daemon_down"
        case .future: "future"
        }
    }

    /// The letter of each rule that can hold a sync back.
    package static let ruleLetters: [String: Character] = Dictionary(
        uniqueKeysWithValues: Verdict.Rule.allCases.map { ($0.rawValue, $0.parts.letter) }
    )

    /// The SGR colour of each rule's letter.
    package static let ruleColours: [String: String] = Dictionary(
        uniqueKeysWithValues: Verdict.Rule.allCases.map { ($0.rawValue, $0.parts.colour) }
    )
}
