import Foundation

/// Plays a scripted stretch of a machine's life through the daemon's own state machine
/// (``DaemonMachine``) and returns what the daemon records:
/// a decision on every poll tick while a sync is due and on every reading change that
/// changes the decision, each sync's start and end, the daemon's start and stop. For test
/// fixtures and for measuring `history` and `replay` on a month of history; pure.
package struct HistorySimulator: Sendable {
    /// The readings from a moment on, until the next change.
    package struct Change: Sendable {
        /// When the readings change.
        package var at: Date
        /// The readings from then on.
        package var readings: Snapshot

        /// Creates a change.
        package init(at: Date, readings: Snapshot) {
            self.at = at
            self.readings = readings
        }
    }

    /// The policy the daemon gates with.
    package var policy: Policy
    /// Its schedule.
    package var plan: SchedulePlan
    /// How long a sync job runs.
    var runLength: Duration
    /// The readings over time, oldest first; the first applies from the start.
    package var changes: [Change]
    /// Spans in which the daemon does not run.
    package var down: [Range<Date>]
    /// Moments after which the first sync to start meets a metered network two minutes in,
    /// for a minute: a policy's `while_running` network rule stops it then.
    package var stops: [Date]
    /// The local zone's offset from UTC, in seconds.
    package var utcOffset: Int

    /// Creates a simulator.
    package init(
        policy: Policy,
        plan: SchedulePlan,
        runLength: Duration,
        changes: [Change],
        down: [Range<Date>] = [],
        stops: [Date] = [],
        utcOffset: Int = 0
    ) {
        self.policy = policy
        self.plan = plan
        self.runLength = runLength
        self.changes = changes
        self.down = down
        self.stops = stops
        self.utcOffset = utcOffset
    }

    /// What the daemon records from `start` to `end`: its moments and its runs, oldest first.
    package func run(from start: Date, to end: Date) -> (moments: [RecordedMoment], runs: [RecordedRun]) {
        var recorder = Recorder(simulator: self)
        return recorder.play(from: start, to: end)
    }

    /// The readings in force at `date`.
    func readings(at date: Date) -> Snapshot {
        let index = firstChange(after: date)
        return index == 0 ? Snapshot.unread() : changes[index - 1].readings
    }

    /// The first reading change strictly after `date` and before `limit`.
    func nextChange(after date: Date, before limit: Date) -> Date? {
        let index = firstChange(after: date)
        return index < changes.count && changes[index].at < limit ? changes[index].at : nil
    }

    /// The index of the first change strictly after `date` (binary search).
    private func firstChange(after date: Date) -> Int {
        var low = 0
        var high = changes.count
        while low < high {
            let middle = (low + high) / 2
            if changes[middle].at <= date { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
