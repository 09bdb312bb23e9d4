/// How one run of the sync job went: what ``SyncEngine/sync()`` returns and the daemon
/// records in a ``SyncRun``.
package struct SyncResult: Sendable, Equatable {
    /// How the run ended; never ``SyncRun/Outcome/running``.
    package var outcome: SyncRun.Outcome
    /// The exit status, or the signal number when the job ``SyncRun/Outcome/crashed``.
    package var exitStatus: Int?
    /// Changes applied, from the job's summary line.
    package var changesApplied: Int?
    /// Changes that failed, from the job's summary line.
    package var failedChanges: Int?
    /// Conflicts the job reported, left for the user to resolve (`musicdiff conflicts`).
    package var conflicts: [SyncRun.Conflict]
    /// A note for a person, most telling line last: the job's last error output, why it
    /// could not start, or why its summary line was ignored.
    package var message: String?
    /// What the job left running outside its process group (in a session of its own), which
    /// stopping the group did not reach: named, not stopped, and holding no sync lock.
    var leftRunning: [RunningProcess] = []
    /// The last lines of the job's output, stdout and stderr together in the order they came:
    /// kept in the log and the store, for a person finding out why a run failed.
    package var output: [String] = []

    /// Creates a result.
    package init(
        outcome: SyncRun.Outcome,
        exitStatus: Int? = nil,
        changesApplied: Int? = nil,
        failedChanges: Int? = nil,
        conflicts: [SyncRun.Conflict] = [],
        message: String? = nil
    ) {
        self.outcome = outcome
        self.exitStatus = exitStatus
        self.changesApplied = changesApplied
        self.failedChanges = failedChanges
        self.conflicts = conflicts
        self.message = message
    }

    /// The last line of ``message``, shortened to `limit` characters: what a one-line log
    /// entry shows.
    func lastMessageLine(limit: Int = 300) -> String? {
        guard let line = message?.split(whereSeparator: \.isNewline).last else { return nil }
        return line.count > limit ? String(line.prefix(limit - 1)) + "…" : String(line)
    }
}
