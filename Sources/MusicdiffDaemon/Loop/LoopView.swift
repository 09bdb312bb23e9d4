import Foundation
import MusicdiffCore

/// What the running daemon's machine says now, as `daemon status` and `why-not` ask it on
/// the daemon's socket: the schedule, what blocks a due sync on the readings of this moment,
/// when the daemon looks again, and what holds the sync back.
package struct LoopView: Sendable, Equatable {
    /// The next due time.
    package var nextDue: Date
    /// Since when the sync has been due.
    package var dueSince: Date?
    /// When the daemon looks again while a due sync is blocked (its own wait, not one
    /// computed from when the asker asks); nil when nothing is due or a job runs.
    package var nextCheck: Date?
    /// Whether the daemon's job runs.
    package var running: Bool
    /// The rules that block the due sync on the readings now; empty when none does or
    /// nothing is due.
    package var blockers: [String]
    /// After a `while_running` stop, the reading that keeps the sync from starting.
    package var held: String?
    /// After a resume, no sync starts before this.
    package var settleUntil: Date?
    /// The daemon's `STATUS=` line.
    package var status: String
}

extension LoopView {
    /// The view of `machine` at `now`, deciding on `fresh` readings; `held` and `status` as
    /// the loop last said them.
    init(machine: DaemonMachine, fresh: Snapshot, held: String?, status: String, now: Date) {
        let decision = machine.decision(at: now, on: fresh)
        var nextCheck: Date?
        if case .blocked = machine.phase { nextCheck = machine.waiting?.until }
        self.init(
            nextDue: machine.schedule.nextDue,
            dueSince: machine.schedule.dueSince,
            nextCheck: nextCheck,
            running: machine.isRunning,
            blockers: decision.map { $0.shouldSync ? [] : $0.blockers.map(\.rawValue) } ?? [],
            held: machine.hold == nil ? nil : held,
            settleUntil: machine.settling(at: now),
            status: status
        )
    }

    /// The fields of its line on the socket, after `loop`, optional ones in ``LineFields``' form.
    var fields: [String] {
        [
            String(nextDue.timeIntervalSince1970), Self.optional(dueSince), Self.optional(nextCheck),
            String(running), LineFields.optional(blockers.isEmpty ? nil : blockers.joined(separator: ",")),
            LineFields.optional(held), Self.optional(settleUntil), status,
        ]
    }

    /// The view in the fields of its line; nil when one is damaged.
    static func parse(_ fields: [String]) -> LoopView? {
        guard fields.count == 8, case .success(let nextDue) = OutsideNumber.time.check(text: fields[0]),
            let running = Bool(fields[3]), let dueSince = optionalTime(fields[1]),
            let nextCheck = optionalTime(fields[2]), let blockers = LineFields.optional(fields[4]),
            let held = LineFields.optional(fields[5]), let settle = optionalTime(fields[6])
        else { return nil }
        return LoopView(
            nextDue: Date(timeIntervalSince1970: nextDue),
            dueSince: dueSince,
            nextCheck: nextCheck,
            running: running,
            blockers: blockers?.split(separator: ",").map(String.init) ?? [],
            held: held,
            settleUntil: settle,
            status: fields[7]
        )
    }

    private static func optional(_ date: Date?) -> String { LineFields.optional(date?.timeIntervalSince1970) }

    /// `-` is none (`.some(nil)`); `=` and a time is that time; anything else is damaged (nil).
    private static func optionalTime(_ field: String) -> Date?? {
        guard case .success(let seconds) = LineFields.optionalNumber(field, .time) else { return nil }
        return .some(seconds.map(Date.init(timeIntervalSince1970:)))
    }
}
