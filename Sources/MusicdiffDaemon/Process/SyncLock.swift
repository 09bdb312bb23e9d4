import MusicdiffRuntime

#if canImport(Glibc)
    import Glibc
#endif

/// The sync lock, `sync.lock`: while a sync job runs, no second one starts, whether the
/// daemon or `musicdiff sync` runs it.
///
/// The process that runs the job holds the lock itself (a ``PidLock`` on a close-on-exec
/// descriptor); the job is not handed it. Anything a job starts inherits its descriptors,
/// so a lock handed to the job (as its standard input, as before) was kept by every helper
/// it left behind, a `setsid` one escaping its process group included, and blocked every
/// later sync without a word. Instead the file names the job once it runs, with its start
/// time (`TAKER JOB START`): a job that outlives the process that ran it (a daemon killed
/// with `kill -9`) still counts as a running sync until it ends, and nothing else does.
package final class SyncLock: Sendable {
    private let lock: PidLock

    private init(_ lock: PidLock) { self.lock = lock }

    /// Takes the lock at `path`; throws ``DaemonError/syncAlreadyRunning(pid:command:)``
    /// naming what runs (the job, or the process that holds the lock) when a sync runs.
    package static func acquire(at path: String) throws(DaemonError) -> SyncLock {
        guard let lock = try PidLock.acquire(at: path, naming: false) else {
            let holder = holder(at: path)
            throw .syncAlreadyRunning(pid: holder?.pid, command: holder?.command)
        }
        if let job = Record.read(path)?.liveJob {
            // The file names the job still running: it must go on naming it.
            lock.release(keepingText: true)
            throw .syncAlreadyRunning(pid: job.pid, command: job.command)
        }
        lock.write("\(getpid())\n")
        return SyncLock(lock)
    }

    /// Names the job that now runs under the lock: its pid and start time.
    func noteJob(_ pid: Int32) {
        let start = RunningProcess.startTime(of: pid).map { " \($0)" } ?? ""
        lock.write("\(getpid()) \(pid)\(start)\n")
    }

    /// Releases the lock and clears the file.
    package func release() { lock.release() }

    /// What keeps a sync from starting now: the job named in the file while it runs (its
    /// taker alive or not), else the process that holds the lock; nil when nothing does.
    package static func holder(at path: String) -> RunningProcess? {
        if let job = Record.read(path)?.liveJob { return job }
        var info = stat()
        guard stat(path, &info) == 0, PidLock.isHeld(at: path) else { return nil }
        let (device, inode) = (UInt64(info.st_dev), UInt64(info.st_ino))
        if let taker = Record.read(path)?.taker,
            LockTable.flockHeld(by: taker, device: device, inode: inode) == true
        {
            return RunningProcess(pid: taker)
        }
        // Not this program's taker: someone's `flock`, or an older version's job.
        return LockTable.holders(device: device, inode: inode).first.map { RunningProcess(pid: $0) }
    }

    /// The job still running whose taker is gone (died, or this very process, restarted):
    /// nil while the taker holds the lock, or when no job outlived it.
    package static func orphan(at path: String) -> (taker: Int32, job: Int32)? {
        guard let record = Record.read(path), let job = record.liveJob, let taker = record.taker
        else { return nil }
        return taker == getpid() || !PidLock.isHeld(at: path) ? (taker, job.pid) : nil
    }

    /// The file's text: `TAKER`, then `JOB START` once the job runs.
    struct Record {
        var taker: Int32?
        var job: Int32?
        var start: UInt64?

        static func read(_ path: String) -> Record? {
            guard let text = FileText.read(path, limit: 256) else { return nil }
            let fields = text.split(whereSeparator: \.isWhitespace)
            guard !fields.isEmpty else { return nil }
            return Record(
                taker: Int32(fields[0]),
                job: fields.count > 1 ? Int32(fields[1]) : nil,
                start: fields.count > 2 ? UInt64(fields[2]) : nil
            )
        }

        /// The job, when it still runs: the same pid and start time, not a zombie.
        var liveJob: RunningProcess? {
            guard let job, job > 0, let start, RunningProcess.startTime(of: job) == start,
                ProcessGroup.isRunning(job)
            else { return nil }
            return RunningProcess(pid: job)
        }
    }
}
