import Foundation
import MusicdiffCore
import MusicdiffDaemon

/// What a row read from the store must satisfy, checked on everything the readers return.
enum FuzzChecks {
    /// Years 1 to 9999: the dates a reader may return.
    static let dates = -62_135_596_800.0...253_402_300_799

    static func check(_ date: Date?, _ what: String) {
        guard let date else { return }
        precondition(dates.contains(date.timeIntervalSince1970), "\(what) out of range: \(date)")
    }

    static func check(_ moment: RecordedMoment) {
        check(moment.at, "at")
        check(moment.dueSince, "due_since")
        precondition(abs(moment.utcOffset) <= 86_400, "utc_offset \(moment.utcOffset)")
        if let percent = moment.readings.battery.value?.percent {
            precondition((0...100).contains(percent), "battery_percent \(percent)")
        }
        if let load = moment.readings.load.value {
            precondition(load.oneMinute.isFinite && load.oneMinute >= 0 && load.cpus >= 1, "load \(load)")
        }
        if let idle = moment.readings.idle.value { check(idle.idleSince, "idle_for") }
    }

    static func check(_ run: SyncRun) {
        check(run.startedAt, "started_at")
        check(run.endedAt, "ended_at")
        precondition((run.id ?? 1) >= 1, "id")
        precondition((run.changesApplied ?? 0) >= 0 && (run.failedChanges ?? 0) >= 0, "counts")
    }

    /// Reads the store every way a command or the daemon does; any error must be a thrown
    /// ``DaemonError``, never a trap.
    static func readBack(_ store: StateStore) {
        for readings in [true, false] {
            if let moments = try? store.momentRows(from: .distantPast, readings: readings) {
                moments.values.forEach(check)
            }
        }
        if let runs = try? store.runs(limit: 5) {
            precondition(runs.values.count <= 5, "runs beyond the limit")
            runs.values.forEach(check)
        }
        if let ticks = try? store.ticks(limit: 5) {
            precondition(ticks.values.count <= 5, "ticks beyond the limit")
            for tick in ticks.values { check(tick.at, "tick at") }
        }
        (try? store.recordedRunRows(from: .distantPast))?.values.forEach { run in
            check(run.start, "run start")
            check(run.end, "run end")
        }
        if let announced = try? store.announcedConflicts() {
            for date in announced.values { check(date, "announced_at") }
        }
        if let schedule = try? store.scheduleState() {
            check(schedule.nextDue, "next_due")
            check(schedule.dueSince, "due_since value")
            precondition(schedule.consecutiveFailures >= 0, "consecutive_failures")
            let plan = SchedulePlan(
                schedule: .interval(.seconds(3600)),
                timeZone: TimeZone(identifier: "UTC")!
            )
            _ = plan.afterRun(schedule, succeeded: false, now: Date(), jitterFraction: 0.5)
        }
        check((try? store.lastSuccessfulSync()) ?? nil, "last sync")
        check((try? store.newestMoment()) ?? nil, "newest moment")
        _ = StateReadings.read(opened: .success(store), historyLimit: 5)
        guard let history = try? RecordedHistory.read(store, days: 2, live: false) else { return }
        _ = history.grid(daemonRunning: false)
        history.moments.forEach(check)
        if let policy = ShippedPolicies.policy(named: "laptop"),
            let report = try? ReplayReport(history: history, policy: policy)
        {
            _ = report.text()
        }
    }
}
