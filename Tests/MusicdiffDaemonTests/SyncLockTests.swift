import Foundation
import MusicdiffTestSupport
import Testing

@testable import MusicdiffDaemon

/// Ends `process` with SIGKILL and reaps it. Not `terminate()`: a child started from one of the
/// runner's threads inherits its blocked signals, SIGTERM among them, and a `sleep 300` left
/// running holds the runner's output open, so that `swift test` waited for it to end.
private func end(_ process: Process) {
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
}

@Suite struct SyncLockTests {
    let folder: ScratchFolder
    var path: String { folder.file("sync.lock") }

    init() throws { folder = try ScratchFolder("musicdiff-sync-lock") }

    /// A `sleep` of this test's own, killed when the test ends (``end(_:)``).
    func sleeper() throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sleep")
        process.arguments = ["300"]
        try process.run()
        return process
    }

    @Test func aJobThatOutlivedItsTakerBlocksTheNextSyncAndStaysNamed() throws {
        let job = try sleeper()
        defer { end(job) }
        let pid = job.processIdentifier
        let start = try #require(RunningProcess.startTime(of: pid))
        // As a daemon killed with `kill -9` leaves it: unlocked, naming a dead taker and its job.
        let record = "2147483646 \(pid) \(start)\n"
        try record.write(toFile: path, atomically: false, encoding: .utf8)
        #expect(throws: DaemonError.syncAlreadyRunning(pid: pid, command: "/bin/sleep 300")) {
            try SyncLock.acquire(at: path)
        }
        #expect(folder.read("sync.lock") == record, "the refusal leaves the job named")
        #expect(SyncLock.orphan(at: path)?.job == pid)
        #expect(SyncLock.holder(at: path) == RunningProcess(pid: pid, command: "/bin/sleep 300"))
    }

    @Test func aRecordWhosePidWasReusedBlocksNothing() throws {
        let job = try sleeper()
        defer { end(job) }
        let pid = job.processIdentifier
        let start = try #require(RunningProcess.startTime(of: pid))
        try "2147483646 \(pid) \(start + 1)\n".write(toFile: path, atomically: false, encoding: .utf8)
        #expect(SyncLock.orphan(at: path) == nil)
        let lock = try SyncLock.acquire(at: path)
        #expect(folder.read("sync.lock") == "\(getpid())\n")
        lock.release()
        #expect(folder.read("sync.lock") == "")
    }

    @Test func theTakerIsNamedWhileItHoldsTheLock() throws {
        let lock = try SyncLock.acquire(at: path)
        #expect(SyncLock.holder(at: path)?.pid == getpid())
        #expect(SyncLock.orphan(at: path) == nil)
        #expect(throws: DaemonError.self) { try SyncLock.acquire(at: path) }
        lock.release()
        #expect(SyncLock.holder(at: path) == nil)
    }
}

@Suite struct PidLockReclaimTests {
    let folder: ScratchFolder
    var path: String { folder.file("daemon.pid") }

    init() throws { folder = try ScratchFolder("musicdiff-reclaim") }

    @Test func aPidFileMovedAwayOrOverwrittenIsPutBack() throws {
        let lock = try #require(try PidLock.acquire(at: path))
        defer { lock.release(removingFile: true) }
        #expect(lock.reclaim() == .unchanged)
        try FileManager.default.moveItem(atPath: path, toPath: folder.file("moved"))
        #expect(PidLock.daemonHolder(at: path) == nil)
        #expect(lock.reclaim() == .restored)
        #expect(PidLock.daemonHolder(at: path) == getpid())
        #expect(!PidLock.isHeld(at: folder.file("moved")), "the old file's lock is let go")

        try "garbage\n".write(toFile: path, atomically: false, encoding: .utf8)
        #expect(PidLock.daemonHolder(at: path) == getpid(), "found by the lock, not the text")
        #expect(lock.reclaim() == .restored)
        #expect(folder.read("daemon.pid") == "\(getpid())\n")
    }

    @Test func aPidFileAnotherProcessHoldsIsNotTaken() throws {
        let lock = try #require(try PidLock.acquire(at: path))
        defer { lock.release(removingFile: true) }
        try FileManager.default.removeItem(atPath: path)
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/bin/sh")
        holder.arguments = ["-c", "exec 9>>\"$0\"; flock -x 9; exec sleep 300", path]
        try holder.run()
        defer { end(holder) }
        #expect(poll(timeout: .seconds(5)) { PidLock.isHeld(at: path) })
        guard case .takenBy = lock.reclaim() else {
            Issue.record("the file another process holds was taken")
            return
        }
        lock.release(removingFile: true)
        #expect(FileManager.default.fileExists(atPath: path), "the other's file is left alone")
    }
}
