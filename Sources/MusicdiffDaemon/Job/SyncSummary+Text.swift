extension SyncRun {
    /// What the daemon reads from a sync job's stdout: `none` when its last non-empty line
    /// is not a JSON object, `malformed: WHY`, or the summary's figures. Public for the fuzz
    /// target (`Tests/Fuzz`), which cannot import this module `@testable`.
    package static func summaryLine(of output: [UInt8]) -> String {
        switch SyncSummary.read(output: output) {
        case .none: "none"
        case .malformed(let why): "malformed: \(why)"
        case .summary(let summary): "summary: \(summary)"
        }
    }
}
