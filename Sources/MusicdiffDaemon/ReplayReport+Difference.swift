import MusicdiffCore

extension ReplayReport {
    /// `16 synced, 1 stopped, 1 failed`: how the starts of one side ended.
    func ended(_ replay: Replay) -> String {
        let parts = outcomes(replay).filter { $0.count > 0 }.map { "\($0.count) \($0.name)" }
        return parts.isEmpty ? "-" : parts.joined(separator: ", ")
    }

    /// Each way a start can end, and how many of `replay`'s did.
    func outcomes(_ replay: Replay) -> [(name: String, count: Int)] {
        RunEnd.allCases.map { end in (end.rawValue, replay.syncs.count { $0.result == end }) }
            + [("running", replay.syncs.count { $0.result == nil })]
    }

    /// When the two sides started a different number of syncs, what the difference is made
    /// of, one line each (in 80 columns): a stopped or failed sync starts again later, so each
    /// adds a start; the rest is the policies deciding otherwise.
    var difference: [String] {
        let (before, after) = (recorded.syncs.count, replayed.syncs.count)
        guard before != after else { return [] }
        var lines = ["the starts differ (\(before) against \(after)):"]
        for (left, right) in zip(outcomes(recorded), outcomes(replayed)) where left.count != right.count {
            let counts = "\(left.count) recorded, \(right.count) replayed"
            switch left.name {
            case RunEnd.synced.rawValue:
                lines.append("  ended well: \(counts) (the replayed decisions differ)")
            case RunEnd.stopped.rawValue:
                lines.append("  stopped: \(counts) (a stopped sync starts again: one more start)")
            case RunEnd.failed.rawValue:
                lines.append("  failed: \(counts) (a failed sync is retried: one more start)")
            default:
                lines.append("  still running at the end: \(counts)")
            }
        }
        return lines
    }
}
