import Foundation

extension HistoryGrid {
    /// The daemon's state from moment to moment, read forward cell by cell.
    struct Timeline {
        /// A state and when it began; it lasts until the next one's start.
        struct Span {
            var start: Date
            var state: HistoryCell
        }

        var spans: [Span]
        var end: Date
        /// Whether the moments begin with a daemon start, so that it was down before them
        /// (rather than running, its earlier moments not read).
        var downBefore = false
        /// The first span that may reach into the next cell asked for.
        var cursor = 0

        init(moments: [RecordedMoment], end: Date, daemonRunning: Bool) {
            self.end = end
            spans = [Span(start: .distantPast, state: .down)]
            downBefore = moments.first?.kind == .daemonStart
            for moment in moments {
                let state: HistoryCell
                switch moment.kind {
                case .daemonStart, .syncEnd: state = .notDue
                case .daemonStop: state = .down
                case .syncStart: state = .running
                case .decision where moment.failed.first == DaemonMachine.pausedMoment:
                    state = .paused
                case .decision:
                    state = moment.wouldSync ? .notDue : .blocked(rule: moment.failed.first ?? "?")
                }
                if spans.last?.state != state { spans.append(Span(start: moment.at, state: state)) }
            }
            // A daemon that is gone without a recorded stop (killed, or a copied store):
            // nothing is known after its last moment.
            if !daemonRunning, let last = moments.last, last.kind != .daemonStop, spans.last?.state != .down {
                spans.append(Span(start: last.at, state: .down))
            }
        }

        /// The spans in which the daemon was not running, as `start..<end`.
        var downSpans: [Range<Date>] {
            spans.indices.compactMap { index in
                guard spans[index].state == .down, index > 0 || downBefore else { return nil }
                let spanEnd = index + 1 < spans.count ? spans[index + 1].start : max(end, spans[index].start)
                return spans[index].start..<max(spanEnd, spans[index].start)
            }
        }

        /// How long each state held in `from..<to`; calls come in increasing `from`.
        mutating func coverage(from: Date, to: Date) -> [HistoryCell: TimeInterval] {
            while cursor + 1 < spans.count, spans[cursor + 1].start <= from { cursor += 1 }
            var held: [HistoryCell: TimeInterval] = [:]
            var index = cursor
            while index < spans.count, spans[index].start < to {
                let spanEnd = index + 1 < spans.count ? spans[index + 1].start : end
                let overlap = min(spanEnd, to).timeIntervalSince(max(spans[index].start, from))
                if overlap > 0 { held[spans[index].state, default: 0] += overlap }
                index += 1
            }
            return held
        }
    }
}
