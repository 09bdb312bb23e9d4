/// The executor of the tasks a job's supervision starts on its own (the job's task, the wait
/// for its process group to empty), which cancellation must not reach and which therefore
/// are not children of the caller's task. Nil (the default) is the process's default
/// executor: in the daemon, the quiet one. Tests bind the daemon's kind of executor with a
/// thread of its own, out of reach of Swift's global pool that a full test run keeps busy.
public enum JobExecutor {
    /// The executor preferred for those tasks; a task-local, so that it follows the caller.
    @TaskLocal public static var current: (any TaskExecutor)?
}
