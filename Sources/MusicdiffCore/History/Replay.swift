import Foundation

/// A week (or any span) of recorded history, as it happened or as another policy would have
/// made it: the syncs started, how long each due sync waited, and which rules held it.
package struct Replay: Sendable, Equatable {
    /// A sync start.
    package struct Sync: Sendable, Equatable {
        /// When it started.
        package var start: Date
        /// How long the sync had been due then.
        package var waited: Duration
        /// How it ended; nil while it runs (or its end was not recorded).
        package var result: RunEnd?

        /// Creates a start.
        package init(start: Date, waited: Duration, result: RunEnd? = nil) {
            self.start = start
            self.waited = waited
            self.result = result
        }
    }

    /// The syncs started, oldest first.
    package var syncs: [Sync]
    /// For each rule, how long it was the first to hold a due sync back.
    package var heldBy: [String: Duration]

    /// Creates a replay's figures.
    package init(syncs: [Sync], heldBy: [String: Duration]) {
        self.syncs = syncs
        self.heldBy = heldBy
    }

    /// The median wait of a due sync; nil without syncs.
    package var medianWait: Duration? {
        let waits = syncs.map(\.waited).sorted()
        guard !waits.isEmpty else { return nil }
        let middle = waits.count / 2
        return waits.count % 2 == 1 ? waits[middle] : (waits[middle - 1] + waits[middle]) / 2
    }

    /// The longest wait of a due sync; nil without syncs.
    package var maxWait: Duration? { syncs.map(\.waited).max() }

    /// The rule that held due syncs back longest, and for how long; ties go to the rule
    /// listed first.
    package var longestHeld: (rule: String, held: Duration)? {
        heldBy.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }.map {
            ($0.key, $0.value)
        }
    }

    /// What the recorded daemon did in `from..<to`: its sync starts, and the time each
    /// blocked decision held the sync until the next moment. A sync's wait counts only
    /// while the daemon ran, as the history grid's does: the spans of `down` (by default,
    /// those `moments` record: a stop until the next start) are left out.
    package static func recorded(
        _ moments: [RecordedMoment],
        from: Date,
        to: Date,
        down: [Range<Date>]? = nil
    ) -> Replay {
        let down = down ?? HistoryGrid.downSpans(moments, end: to)
        var held = HeldTime()
        var syncs: [Sync] = []
        for moment in moments where moment.at >= from && moment.at < to {
            held.advance(to: moment.at)
            switch moment.kind {
            case .syncStart:
                let waited = moment.dueSince.map {
                    HistoryGrid.runningTime(from: $0, to: moment.at, down: down)
                }
                syncs.append(Sync(start: moment.at, waited: waited ?? .zero))
            case .syncEnd:
                if let last = syncs.indices.last, syncs[last].result == nil {
                    syncs[last].result = moment.runEnd
                }
            case .decision where !moment.wouldSync:
                held.hold(by: moment.failed.first ?? "?", at: moment.at)
            default:
                break
            }
        }
        return Replay(syncs: syncs, heldBy: held.totals)
    }
}

/// Time a due sync was held back, by rule: each blocked decision holds it until the next
/// moment seen.
struct HeldTime {
    var totals: [String: Duration] = [:]
    private var current: (rule: String, since: Date)?

    /// Counts the current hold up to `date`, and ends it.
    mutating func advance(to date: Date) {
        if let current, date > current.since {
            totals[current.rule, default: .zero] += date.duration(since: current.since)
        }
        current = nil
    }

    /// A hold by `rule` begins at `date`.
    mutating func hold(by rule: String, at date: Date) { current = (rule, date) }
}
