/// The executor of the tasks the daemon starts on their own, out of their caller's structure:
/// the loop's timer, job, sensor and notification tasks, and a job's run and the wait for its
/// process group to empty (which cancellation must not reach). A task-local, so that it follows
/// the task that starts them. Nil (the default) is the process's default executor: in the
/// daemon, the quiet one. Tests bind the daemon's kind of executor with a thread of its own,
/// out of reach of Swift's global pool, which a full test run keeps busy.
package enum PreferredExecutor {
    /// The executor preferred for those tasks.
    @TaskLocal package static var current: (any TaskExecutor)?
}
