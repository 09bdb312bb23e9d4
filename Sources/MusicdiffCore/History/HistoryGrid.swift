import Foundation

/// The history as a person reads it at a glance: one row per local day, one cell per
/// 30 minutes, and per day the syncs and the longest wait. Built from the recorded moments
/// and runs alone: pure, the moment `now` and the time zone given.
package struct HistoryGrid: Sendable, Equatable {
    /// One day's row.
    package struct Day: Sendable, Equatable {
        /// Local midnight, where the row begins.
        package var start: Date
        /// One cell per ``HistoryGrid/cellLength``, from midnight.
        package var cells: [HistoryCell]
        /// Syncs that ended well that day.
        package var syncs: Int
        /// The longest a due sync was seen waiting that day; nil when none was due.
        package var longestWait: Duration?
    }

    /// The length of a cell.
    package static let cellLength: TimeInterval = 1800
    /// Cells in a row.
    static let cellsPerDay = 48

    /// The rows, oldest first.
    package var days: [Day]

    /// The grid of the `days` local days up to and including the one of `now`.
    /// `moments` are oldest first and may start with the last one before the first day;
    /// `daemonRunning` says whether the state after the last moment still holds now.
    package static func build(
        moments: [RecordedMoment],
        runs: [RecordedRun],
        days count: Int,
        now: Date,
        timeZone: TimeZone,
        daemonRunning: Bool
    ) -> HistoryGrid {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let today = calendar.startOfDay(for: now)
        let starts = (0..<max(count, 1)).reversed().compactMap {
            calendar.date(byAdding: .day, value: -$0, to: today)
        }
        var timeline = Timeline(moments: moments, end: now, daemonRunning: daemonRunning)
        let waits = longestWaits(moments, dayStarts: starts, now: now, down: timeline.downSpans)
        let days = starts.enumerated().map { index, start in
            let end = calendar.date(byAdding: .day, value: 1, to: start) ?? start.addingTimeInterval(86_400)
            let cells = (0..<cellsPerDay).map { index -> HistoryCell in
                let from = start.addingTimeInterval(Double(index) * cellLength)
                guard from < now else { return .future }
                return cell(from: from, to: min(from.addingTimeInterval(cellLength), now), &timeline, runs)
            }
            return Day(
                start: start,
                cells: cells,
                syncs: runs.filter { $0.result == .synced && $0.end.map { $0 >= start && $0 < end } == true }
                    .count,
                longestWait: waits[index]
            )
        }
        return HistoryGrid(days: days)
    }

    /// The cell of `from..<to`: a run's end in it first (synced, then stopped, then failed),
    /// else the state that held longest in it.
    static func cell(from: Date, to: Date, _ timeline: inout Timeline, _ runs: [RecordedRun]) -> HistoryCell {
        let ended = runs.compactMap { run in run.end.flatMap { $0 >= from && $0 < to ? run.result : nil } }
        for result in [RunEnd.synced, .stopped, .failed] where ended.contains(result) {
            switch result {
            case .synced: return .synced
            case .stopped: return .stopped
            case .failed: return .failed
            }
        }
        var held = timeline.coverage(from: from, to: to)
        let running = runs.reduce(0.0) { total, run in
            let end = run.end ?? to
            return total + max(0, min(end, to).timeIntervalSince(max(run.start, from)))
        }
        if running > 0 { held[.running] = running }
        return held.max { $0.value < $1.value || ($0.value == $1.value && $0.key.rank > $1.key.rank) }?.key
            ?? .down
    }

    /// Each day's longest wait seen: at each sync start, how long the sync had been due, and
    /// after each blocked decision, how long until the next moment (or now). A wait counts
    /// only while the daemon ran: the time in `down` (the spans the grid shows as not
    /// running) is left out. `dayStarts` are increasing; the moments oldest first.
    static func longestWaits(
        _ moments: [RecordedMoment],
        dayStarts: [Date],
        now: Date,
        down: [Range<Date>] = []
    ) -> [Duration?] {
        var waits = [Duration?](repeating: nil, count: dayStarts.count)
        var day = -1
        for index in moments.indices {
            let (at, kind) = (moments[index].at, moments[index].kind)
            while day + 1 < dayStarts.count, dayStarts[day + 1] <= at { day += 1 }
            guard day >= 0, kind == .decision || kind == .syncStart, let since = moments[index].dueSince
            else {
                continue
            }
            var until = at
            if kind == .decision, !moments[index].wouldSync {
                until = index + 1 < moments.count ? moments[index + 1].at : max(now, at)
            }
            let wait = runningTime(from: since, to: until, down: down)
            if waits[day].map({ wait > $0 }) ?? true { waits[day] = wait }
        }
        return waits
    }
}

extension HistoryGrid {
    /// The spans of `moments` in which the daemon was not running (from a recorded stop to
    /// the next start, and before a first start), as the grid shows them.
    static func downSpans(_ moments: [RecordedMoment], end: Date) -> [Range<Date>] {
        Timeline(moments: moments, end: end, daemonRunning: true).downSpans
    }

    /// How much of `from..<to` the daemon ran: the time in `down` left out.
    static func runningTime(from: Date, to: Date, down: [Range<Date>]) -> Duration {
        let absent = down.reduce(0.0) { total, span in
            total + max(0, min(span.upperBound, to).timeIntervalSince(max(span.lowerBound, from)))
        }
        return to.duration(since: from) - .seconds(absent)
    }
}

extension HistoryCell {
    /// Which of two states that held equally long a cell shows: the lower rank.
    var rank: Int {
        switch self {
        case .synced, .stopped, .failed: 0
        case .running: 1
        case .blocked, .paused: 2
        case .notDue: 3
        case .down: 4
        case .future: 5
        }
    }
}
