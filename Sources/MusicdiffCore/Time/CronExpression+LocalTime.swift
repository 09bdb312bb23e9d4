import Foundation

/// Where a wall-clock minute falls on the time line of a time zone.
enum WallTimePlacement: Equatable {
    /// The wall clock shows it once.
    case once(Date)
    /// The wall clock shows it twice, as when summer time ends.
    case twice(first: Date, second: Date)
    /// The wall clock jumps over it, as when summer time starts, at `jump`: the first moment
    /// after the skipped wall-clock time.
    case skipped(jump: Date)
}

/// A time zone's offsets and transitions, read from Foundation's `TimeZone` only.
struct ZoneTimeLine {
    let timeZone: TimeZone

    /// Seconds east of UTC in effect at `seconds` since 1970.
    func offset(at seconds: Int) -> Int {
        timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    /// The zone's transitions (changes of offset, daylight-saving or not) after `start`, up
    /// to and including `end`, in seconds since 1970.
    func transitions(after start: Int, through end: Int) -> [Int] {
        var found: [Int] = []
        var cursor = Date(timeIntervalSince1970: TimeInterval(start))
        while let next = timeZone.nextDaylightSavingTimeTransition(after: cursor),
            next.timeIntervalSince1970 <= TimeInterval(end)
        {
            let seconds = Int(next.timeIntervalSince1970.rounded())
            if seconds > start && found.last != seconds { found.append(seconds) }
            cursor = next.addingTimeInterval(1)
        }
        return found
    }

    /// Where the wall-clock minute starting `wall` seconds after 1970-01-01 00:00 falls.
    func place(wallSeconds wall: Int) -> WallTimePlacement? {
        // Any moment showing `wall` lies within a day of it: offsets stay within ±24 hours.
        let window = (start: wall - 86_400, end: wall + 86_400)
        let transitions = transitions(after: window.start, through: window.end)
        let offsets = Set([offset(at: window.start)] + transitions.map(offset(at:)))
        let moments = offsets.map { wall - $0 }.filter { offset(at: $0) == wall - $0 }.sorted()
        if let first = moments.first, let last = moments.last {
            let (firstDate, lastDate) = (Self.date(first), Self.date(last))
            return first == last ? .once(firstDate) : .twice(first: firstDate, second: lastDate)
        }
        // A gap: the transition whose wall clock jumps from before `wall` to after it.
        let jump = transitions.first { offset(at: $0 - 1) + $0 <= wall && wall < offset(at: $0) + $0 }
        return jump.map { .skipped(jump: Self.date($0)) }
    }

    /// The earliest wall-clock minute, in wall seconds, that may show a moment after `date`:
    /// the wall time of `date` at the smallest offset the zone uses in the two days after it.
    func earliestWallMinute(after date: Date) -> Int {
        let start = Int(date.timeIntervalSince1970.rounded(.down))
        let offsets =
            [offset(at: start)] + transitions(after: start, through: start + 2 * 86_400).map(offset(at:))
        let wall = start + (offsets.min() ?? 0)
        return Int((Double(wall) / 60).rounded(.down)) * 60
    }

    private static func date(_ seconds: Int) -> Date {
        Date(timeIntervalSince1970: TimeInterval(seconds))
    }
}
