import Foundation
import MusicdiffCore

extension DaemonStatus {
    /// What the running daemon's machine says of a due sync now: the rules that block it on
    /// the readings of this moment, and when the daemon looks again.
    static func liveLines(_ live: LoopView, _ when: (Date) -> String) -> [String] {
        guard live.dueSince != nil, !live.running, live.held == nil else { return [] }
        var lines: [String] = []
        if !live.blockers.isEmpty {
            lines.append("blocked by: \(live.blockers.joined(separator: ", ")) (now; see musicdiff why-not)")
        }
        if let next = live.nextCheck { lines.append("next check: \(when(next))") }
        return lines
    }
}
