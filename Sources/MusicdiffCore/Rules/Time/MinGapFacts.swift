import Foundation

/// What `min_gap` judged: the gap required, the last sync, how long ago it was, and when a
/// sync is allowed again (nil when it is now).
struct MinGapFacts: Facts {
    let gap: Duration
    let last: Reading<LastSync>
    let elapsed: Duration?
    let allowedAt: Date?

    /// Judges the last sync at `now`. A last sync in the future (the clock was set back)
    /// counts as just now: it delays by at most one gap, never forever.
    static func judge(_ gap: Duration, _ last: Reading<LastSync>, _ now: Date) -> (Finding, Verdict.Status) {
        switch last {
        case .unknown:
            return (.minGap(MinGapFacts(gap: gap, last: last, elapsed: nil, allowedAt: nil)), .unknown)
        case .known(.never):
            return (.minGap(MinGapFacts(gap: gap, last: last, elapsed: nil, allowedAt: nil)), .pass)
        case .known(.at(let date)):
            let elapsed = max(now.duration(since: date), .zero)
            let allowedAt = elapsed >= gap ? nil : now.adding(gap - elapsed)
            let facts = MinGapFacts(gap: gap, last: last, elapsed: elapsed, allowedAt: allowedAt)
            return (.minGap(facts), elapsed >= gap ? .pass : .fail)
        }
    }

    var seen: String {
        switch last {
        case .unknown: "unknown"
        case .known(.never): "no sync recorded yet"
        case .known(.at): "last sync \(DurationText.format(elapsed ?? .zero)) ago"
        }
    }

    var required: String { ">= \(DurationText.hours(gap)) since the last sync" }

    func knownReason(_ status: Verdict.Status) -> String {
        guard case .known(.at) = last, let elapsed else { return "no sync recorded yet" }
        let ago = "the last successful sync was \(DurationText.format(elapsed)) ago"
        if status == .pass { return "\(ago), at least \(DurationText.hours(gap))" }
        return "\(ago), less than \(DurationText.hours(gap)); allowed again in "
            + DurationText.format(gap - elapsed)
    }

    var unknownCause: String { last.unknownReason ?? "the reading is unknown" }
}
