import Foundation
import MusicdiffCore

/// What the daemon waits for, as one line for systemd's `STATUS=` (what `systemctl --user
/// status musicdiff` prints), in the words `why-not` and the log use. Only absolute times: the
/// line is sent when the loop decides, never refreshed on a timer, so a relative time (`in 2h`)
/// would be wrong a minute later.
package enum LoopStatus: Sendable, Equatable {
    /// Nothing is due: `next sync 14:00`.
    case nextSync(Date)
    /// Due, and the policy blocks it: `due since 09:12, blocked by battery: on battery at 23%,
    /// below 40%`.
    case blocked(dueSince: Date?, decision: Decision)
    /// Due and allowed, but held after a `while_running` stop until the reading that stopped
    /// it changes: `due since 09:12, held after the stop: network: the network turned metered (yes)`.
    case held(dueSince: Date?, reason: String)
    /// The job runs: `syncing since 14:02 (pid 4711)`.
    case syncing(since: Date, pid: Int32?)
    /// Due, but a sync started outside the daemon holds the sync lock (or what holds it).
    case waitingForOtherSync(RunningProcess?)
    /// After a resume: `settling after resume until 14:05`.
    case settling(until: Date)
    /// logind announced a suspend and the resume has not come yet.
    case asleep
    /// The user paused syncing: `paused until 16:00`, `paused until on AC`.
    case paused(Pause)

    /// The line, with times in `timeZone` (nil: the local one), relative to `now` for the day.
    package func text(now: Date, timeZone: TimeZone? = nil) -> String {
        let time = ShortTime(now: now, timeZone: timeZone)
        switch self {
        case .nextSync(let date):
            return "next sync \(time.string(date))"
        case .blocked(let dueSince, let decision):
            let due = dueSince.map { "due since \(time.string($0)), " } ?? "due, "
            return due + "blocked by " + Self.blockers(decision, time)
        case .held(let dueSince, let reason):
            return (dueSince.map { "due since \(time.string($0)), " } ?? "due, ")
                + "held after the stop: \(reason)"
        case .syncing(let since, let pid):
            return "syncing since \(time.string(since))" + (pid.map { " (pid \($0))" } ?? "")
        case .waitingForOtherSync(let holder):
            return "due, waiting for another sync" + (holder.map { " (\($0))" } ?? "") + " to finish"
        case .settling(let until):
            return "settling after resume until \(time.string(until))"
        case .asleep:
            return "the machine is going to sleep; no sync starts before it resumes"
        case .paused(let pause):
            return "paused " + pause.untilText(time.string)
        }
    }

    /// The blocking verdicts: a sensor rule with its reason, a time rule with when it allows.
    private static func blockers(_ decision: Decision, _ time: ShortTime) -> String {
        let texts = decision.verdicts.filter(\.blocks).map { verdict -> String in
            let timeRule = verdict.rule == .minGap || verdict.rule == .window
            if timeRule, decision.timeRulesAllowAt > decision.evaluatedAt {
                return "\(verdict.rule.rawValue) until \(time.string(decision.timeRulesAllowAt))"
            }
            return "\(verdict.rule.rawValue): \(verdict.reason)"
        }
        return texts.isEmpty ? "min_gap or window" : texts.joined(separator: "; ")
    }
}

/// A time as short as the day allows: `14:05` today, `Wed 02:00` within a week,
/// `2026-12-24 02:00` beyond.
struct ShortTime {
    let now: Date
    /// The zone; nil for the local one.
    let timeZone: TimeZone?
    /// Today's fields in the zone.
    let today: CivilTime

    init(now: Date, timeZone: TimeZone?) {
        self.now = now
        self.timeZone = timeZone
        today = CivilTime(now, utcOffset: Self.offset(at: now, in: timeZone))
    }

    /// Worded without `DateFormatter` or `TimeZone` (the status line is made on every blocked
    /// tick, and both run ICU).
    func string(_ date: Date) -> String {
        let time = CivilTime(date, utcOffset: Self.offset(at: date, in: timeZone))
        if time.isSameDay(as: today) { return time.hourMinute }
        if abs(date.timeIntervalSince(now)) / 86_400 < 6 {
            return "\(time.weekdayAbbreviation) \(time.hourMinute)"
        }
        return "\(time.dateText) \(time.hourMinute)"
    }

    /// Seconds east of UTC at `date` in `timeZone`, or in the local zone.
    private static func offset(at date: Date, in timeZone: TimeZone?) -> Int {
        timeZone?.secondsFromGMT(for: date) ?? CivilTime.localOffset(at: date)
    }
}
