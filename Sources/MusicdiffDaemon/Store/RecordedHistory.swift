import Foundation
import MusicdiffCore

/// The recorded history of the last few days, as `history` and `replay` read it from a store:
/// the moments and runs, the daemon's schedule and time zone as it recorded them.
package struct RecordedHistory: Sendable {
    /// Local midnight of the first day shown.
    package var from: Date
    /// The moment the history ends: now while the store's daemon runs, else just after the
    /// newest moment recorded (whichever way the store was opened: one rule for "the last N
    /// days").
    package var now: Date
    /// Whether the history ends now (its daemon runs) rather than at its newest moment.
    package var endsNow = false
    /// The moments from `from` on, with the last one before it.
    package var moments: [RecordedMoment]
    /// The runs, oldest first (all the store keeps, for the last success before `from`).
    package var runs: [RecordedRun]
    /// The days' time zone: the daemon's, as recorded, else this machine's.
    package var timeZone: TimeZone
    /// The schedule the daemon planned with (`every 6h`, `cron "0 2 * * *"`), if recorded.
    package var scheduleText: String?
    /// How many days are shown.
    package var days: Int
    /// The store's file, for errors.
    package var path: String
    /// How many damaged rows were skipped.
    package var damagedRows = 0
    /// Whether the store held more moments than a read takes (``StateStore/keptTicks``):
    /// the days shown begin with the newest of those.
    package var limited = false

    /// Reads the last `days` local days from `store`, up to and including the day of its end.
    /// `live`: the store's daemon runs (the caller asked its pid lock), so the history ends
    /// now; else it ends with the newest moment recorded.
    /// `readings`: with the snapshots' readings (replay needs them, the grid does not).
    package static func read(
        _ store: StateStore,
        days: Int,
        live: Bool,
        readings: Bool = true
    ) throws(DaemonError) -> RecordedHistory {
        let zone = try store.value(StateStore.Key.timeZone).flatMap(TimeZone.init(identifier:)) ?? .current
        let now = live ? Date() : (try store.newestMoment() ?? Date()).addingTimeInterval(1)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let from =
            calendar.date(byAdding: .day, value: -(max(days, 1) - 1), to: calendar.startOfDay(for: now))
            ?? now
        let moments = try store.momentRows(from: from, readings: readings)
        let runs = try store.recordedRunRows(from: .distantPast)
        var history = RecordedHistory(
            from: from,
            now: now,
            moments: moments.values,
            runs: runs.values,
            timeZone: zone,
            scheduleText: try store.value(StateStore.Key.plannedFor),
            days: max(days, 1),
            path: store.path
        )
        history.endsNow = live
        history.damagedRows = moments.damaged + runs.damaged
        history.limited = moments.limited
        return history
    }

    /// The days the recorded moments cover: from the day of the first one in the days read
    /// (a store two days old, read for seven, covers two) to the history's end.
    var recordedSpan: (from: Date, days: Int) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        guard let first = moments.first(where: { $0.at >= from })?.at else { return (from, days) }
        let start = calendar.startOfDay(for: first)
        let count = calendar.dateComponents([.day], from: start, to: calendar.startOfDay(for: now)).day ?? 0
        return start > from ? (start, min(days, count + 1)) : (from, days)
    }

    /// What the reader should know of how the store was read, one line each (in 80
    /// columns): damaged rows skipped, moments left out.
    package var notes: [String] {
        var notes: [String] = []
        if damagedRows > 0 {
            notes.append("\(damagedRows) damaged row\(damagedRows == 1 ? "" : "s") skipped")
        }
        if limited, let first = moments.first(where: { $0.at >= from })?.at {
            notes.append(
                "read the newest \(StateStore.keptTicks) moments only: none before " + ISO8601.utc(first)
            )
        }
        return notes
    }

    /// The grid of these days.
    package func grid(daemonRunning: Bool) -> HistoryGrid {
        HistoryGrid.build(
            moments: moments,
            runs: runs.filter { ($0.end ?? now) >= from },
            days: days,
            now: now,
            timeZone: timeZone,
            daemonRunning: daemonRunning
        )
    }

    /// The schedule of `every 6h` or `cron "0 2 * * *"`, in this history's time zone.
    package func plan() throws(DaemonError) -> SchedulePlan {
        guard let text = scheduleText else {
            throw .state(
                path: path,
                reason: "the store does not record the daemon's schedule; start the daemon once to record it"
            )
        }
        // `every 1h30m`, or as earlier versions wrote it, its parts apart: `every 1h 30m`.
        let every = text.dropFirst(6).filter { $0 != " " }
        if text.hasPrefix("every "), let interval = DurationText.parse(String(every)) {
            return SchedulePlan(schedule: .interval(interval), timeZone: timeZone)
        }
        if text.hasPrefix("cron \""), text.hasSuffix("\""),
            let cron = try? CronExpression(String(text.dropFirst(6).dropLast()))
        {
            return SchedulePlan(schedule: .cron(cron), timeZone: timeZone)
        }
        throw .state(path: path, reason: "the recorded schedule \"\(text)\" cannot be read")
    }

    /// The recorded schedule as the program shows one (`every 24h`, `cron "0 2 * * *"`):
    /// ``scheduleText`` is the store's key, in the form daemons wrote it.
    var scheduleWords: String? {
        guard let text = scheduleText else { return nil }
        guard let schedule = (try? plan())?.schedule, case .interval = schedule else { return text }
        return schedule.words(cronText: nil)
    }

    /// The names of the policies the daemon recorded decisions under, in order of first use.
    package var policies: [String] {
        var names: [String] = []
        for moment in moments where !moment.policy.isEmpty && !names.contains(moment.policy) {
            names.append(moment.policy)
        }
        return names
    }

    /// The last successful sync's end before `from`.
    var lastSyncBefore: Date? {
        runs.filter { $0.result == .synced }.compactMap(\.end).filter { $0 < from }.max()
    }

    /// The median length of the successful runs shown, for replayed syncs; zero without one.
    var typicalRunLength: Duration {
        let lengths = runs.filter { $0.result == .synced && $0.start >= from }
            .compactMap { run in run.end.map { $0.duration(since: run.start) } }.sorted()
        return lengths.isEmpty ? .zero : lengths[lengths.count / 2]
    }
}
