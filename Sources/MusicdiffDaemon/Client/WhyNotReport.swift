import Foundation
import MusicdiffCore

/// What `musicdiff why-not` shows: the decision on the live machine now, and the daemon's
/// recent skipped ticks.
package struct WhyNotReport: Sendable {
    /// The decision now.
    package var decision: Decision
    /// Where the policy came from.
    package var origin: PolicyResolver.Origin
    /// The policy's poll interval.
    package var poll: Duration
    /// The daemon's recent tick decisions, newest first.
    package var history: [TickRecord]
    /// How many ticks were asked for (`--history N`); 0 asks for none, and none are shown.
    package var historyAsked = 20
    /// Why the history could not be read, if it could not.
    package var historyProblem: String?
    /// How many damaged rows of the history were skipped.
    package var damagedRows = 0
    /// The sync running now, or the last one.
    package var run: RunState?
    /// What holds the sync lock while no recorded run is running (someone's `flock`, a
    /// job an older version left), so that no sync can start.
    package var syncHolder: RunningProcess?
    /// After a resume, the daemon starts no sync before this time.
    package var settleUntil: Date?
    /// When the policy usually passes next, from the recorded days; nil when unknown.
    package var predicted: Prediction?
    /// Where the policy's `early` window begins before the due time, while nothing is due.
    package var earlyFrom: Date?
    /// The overdue alert's words (`daemon.notify_overdue`), as the daemon sends them; nil when
    /// no sync has been missing for that long.
    package var overdue: (alert: OverdueAlert, lines: [String])?
    /// The user's pause, as the store keeps it (shown while its time has not passed).
    package var pause: Pause?
    /// Since when the sync has been due at the decision's time; nil when it is not due.
    package var dueSince: Date?
    /// When the sync falls due, when it is not due at the decision's time.
    package var notDueUntil: Date?
    /// The policy's `max_deferral`.
    package var maxDeferral: Duration?
    /// The latest time the sync will run: the decision's, or, when it is not due yet, the
    /// one its due time will bring.
    package var deadline: Date?
    /// The readings assumed for a what-if question, as given (`ac`, `on`).
    package var assumed: [(key: String, value: String)] = []
    /// Whether `--at` moved the decision's time.
    package var movedTime = false
    /// Whether `--at` moved it before the time of asking: evaluated as asked, and said so.
    package var movedIntoPast = false
    /// Where the machine's readings came from.
    package var readings: ReadingsOrigin = .sensors(daemonProblem: nil)
    /// When the running daemon looks again at the blocked sync, as it said on its socket:
    /// the next check is the daemon's, not one counted from when `why-not` asks.
    package var daemonNextCheck: Date?

    /// Where the machine's readings came from.
    package enum ReadingsOrigin: Sendable, Equatable {
        /// The running daemon's sensors, asked on its socket: what its next tick sees.
        case daemon(pid: Int32)
        /// Read by this command; `daemonProblem` says why not from the running daemon that
        /// was asked (`the daemon (pid 4711) did not answer within 1s`).
        case sensors(daemonProblem: String?)
    }

    /// Creates a report.
    package init(
        decision: Decision,
        origin: PolicyResolver.Origin,
        poll: Duration,
        history: [TickRecord],
        historyProblem: String? = nil,
        run: RunState? = nil,
        settleUntil: Date? = nil
    ) {
        self.run = run
        self.settleUntil = settleUntil
        self.decision = decision
        self.origin = origin
        self.poll = poll
        self.history = history
        self.historyProblem = historyProblem
        self.deadline = decision.deadline
    }

    /// When the engine should look again: now if the sync may run, when the time rules next
    /// allow if they block, else after one poll interval (or sooner, on a sensor event); and
    /// at the latest when the next relax step begins.
    package var nextCheck: Date {
        if let due = notDueYet { return due }
        if decision.shouldSync { return decision.evaluatedAt }
        if let daemonNextCheck, daemonNextCheck >= decision.evaluatedAt { return daemonNextCheck }
        // No sentinel for "no step": `Date.distantFuture` is the year 4001, and a what-if
        // moment may lie past it.
        let check =
            decision.timeRulesAllowAt > decision.evaluatedAt
            ? decision.timeRulesAllowAt : decision.evaluatedAt.adding(poll)
        return decision.nextStepAt.map { min(check, $0) } ?? check
    }

    /// When the sync falls due, if that is still to come: nothing is asked of the policy
    /// before then.
    var notDueYet: Date? {
        guard let notDueUntil, notDueUntil > decision.evaluatedAt else { return nil }
        return notDueUntil
    }

    /// The skipped ticks in the history, and how many each rule blocked.
    var skippedByRule: (skipped: Int, byRule: [(rule: String, count: Int)]) {
        var counts: [String: Int] = [:]
        var skipped = 0
        for tick in history where !tick.wouldSync {
            skipped += 1
            for rule in tick.failed { counts[rule, default: 0] += 1 }
        }
        let ordered = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        return (skipped, ordered.map { ($0.key, $0.value) })
    }
}
