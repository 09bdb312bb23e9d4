import Foundation
import MusicdiffCore

/// The sync run `why-not` and `daemon status` speak of: the one running now, with what
/// would stop it, or the last one, with how it ended.
package struct RunState: Sendable, Equatable {
    /// The newest run.
    package var run: SyncRun
    /// While it runs: the job's pid, from the sync lock.
    package var jobPid: Int32?
    /// While it runs in smart mode: what stops it (`it stops if the network turns metered`).
    package var stopClause: String?
    /// While it runs: the niceness and I/O class it runs at (`nice 10, I/O idle`).
    package var priority: String?

    /// What is said of a daemon's run that no daemon watches: its daemon died (`kill -9`).
    package static let unwatched = "nothing watches it: the daemon that started it is not running"

    /// Reads the newest run from `store`, and while it runs, the job's pid from `syncLock` and
    /// what stops it: a daemon's run is watched only while a daemon runs (`daemonRunning`).
    static func read(
        _ store: StateStore,
        syncLock: String,
        daemonRunning: Bool
    ) throws(DaemonError) -> RunState? {
        guard let run = try store.recentRuns(limit: 1).first else { return nil }
        guard run.outcome == .running else { return RunState(run: run) }
        let pid = SyncLock.holder(at: syncLock)?.pid
        let clause =
            run.trigger == .daemon && !daemonRunning ? unwatched : try store.value(StateStore.Key.runWatch)
        let priority = try store.value(StateStore.Key.runPriority)
        return RunState(run: run, jobPid: pid, stopClause: clause, priority: priority)
    }

    /// `a sync is running since 14:02 at nice 10, I/O idle (pid 4711); it stops if ...`, or for
    /// a finished run,
    /// `last run: stopped at 14:05: the network turned metered (yes)`.
    func line(_ format: LocalTimeFormat) -> String {
        if run.outcome == .running {
            let pid = jobPid.map { " (pid \($0))" } ?? ""
            let since = format.string(run.startedAt) + (priority.map { " at \($0)" } ?? "")
            return "a sync is running since \(since)\(pid); \(stopClause ?? "nothing stops it")"
        }
        let at = format.string(run.endedAt ?? run.startedAt)
        return "last run: \(run.outcome.words) at \(at)" + (run.message.map { ": \($0)" } ?? "")
    }

    /// For a run that ended badly, the last lines of its output, indented under a heading;
    /// none for one that succeeded, was stopped or printed nothing.
    func outputLines() -> [String] {
        guard !run.outcome.isSuccess, ![.running, .stopped].contains(run.outcome), let output = run.output
        else { return [] }
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        return ["its output, last \(counted(lines.count, "line")):"] + lines.map { "  \($0)" }
    }

    /// `the sync lock is held by pid 4711 (flock sync.lock sleep 300): no sync starts until
    /// it lets go`: for a holder with no run recorded as running.
    static func heldLine(_ holder: RunningProcess) -> String {
        "the sync lock is held by \(holder): no sync starts until it lets go"
    }

    /// A holder of the sync lock as a JSON object: `pid`, `command`.
    static func json(_ holder: RunningProcess) -> JSONValue {
        .object([
            ("pid", .number(Double(holder.pid))),
            ("command", holder.command.map(JSONValue.string) ?? .null),
        ])
    }

    /// The same as a JSON object: `running`, `outcome`, `started_at`, `ended_at`, `pid`,
    /// `stops_if`, `reason`.
    var json: JSONValue {
        .object([
            ("running", .bool(run.outcome == .running)),
            ("outcome", .string(run.outcome.rawValue)),
            ("started_at", .string(ISO8601.utc(run.startedAt))),
            ("ended_at", run.endedAt.map { .string(ISO8601.utc($0)) } ?? .null),
            ("pid", jobPid.map { .number(Double($0)) } ?? .null),
            ("stops_if", stopClause.map(JSONValue.string) ?? .null),
            ("priority", priority.map(JSONValue.string) ?? .null),
            ("reason", run.message.map(JSONValue.string) ?? .null),
            (
                "output",
                run.output.map { .array($0.split(separator: "\n").map { .string(String($0)) }) } ?? .null
            ),
        ])
    }
}
