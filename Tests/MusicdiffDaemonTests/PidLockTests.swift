import Foundation
import Testing

@testable import MusicdiffDaemon

@Suite struct PidLockTests {
    let folder: ScratchFolder
    var path: String { folder.file("sync.lock") }

    init() throws { folder = try ScratchFolder("musicdiff-lock") }

    /// Starts a process that takes the lock, says `locked` and holds it until its standard
    /// input closes; returns once it said so.
    func startHolder(_ executable: String, _ arguments: [String]) throws -> (Process, Pipe) {
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: executable)
        holder.arguments = arguments
        let input = Pipe()
        let output = Pipe()
        holder.standardInput = input
        holder.standardOutput = output
        try holder.run()
        let said = String(decoding: output.fileHandleForReading.readData(ofLength: 7), as: UTF8.self)
        #expect(said == "locked\n")
        return (holder, input)
    }

    @Test func aSecondAcquireIsRefusedUntilTheFirstIsReleased() throws {
        let first = try #require(try PidLock.acquire(at: path))
        #expect(PidLock.holder(at: path) == getpid())
        #expect(
            try PidLock.acquire(at: path) == nil,
            "flock locks belong to open files, so this fd is refused"
        )
        #expect(
            DaemonError.syncAlreadyRunning(pid: 42).description
                == "a sync is already running (pid 42); wait for it to finish, or stop it first"
        )
        first.release()
        #expect(PidLock.holder(at: path) == nil, "releasing clears the pid")
        first.release()
        #expect(try PidLock.acquire(at: path) != nil)
    }

    @Test func droppingTheLockReleasesIt() throws {
        do {
            let lock = try PidLock.acquire(at: path)
            #expect(lock != nil)
        }
        #expect(try PidLock.acquire(at: path) != nil)
    }

    @Test func aLockHeldByAnotherProcessIsRefusedAndNamesIt() async throws {
        // flock(1) holds the lock while its shell waits for a line on stdin.
        let (holder, input) = try startHolder(
            "/usr/bin/flock",
            ["-x", path, "/bin/sh", "-c", "echo $$ > \"$0\"; echo locked; read line", path]
        )
        #expect(try PidLock.acquire(at: path) == nil)
        let pid = try #require(PidLock.holder(at: path))
        #expect(pid != getpid())
        #expect(
            DaemonError.syncAlreadyRunning(pid: pid).description.hasPrefix(
                "a sync is already running (pid \(pid))"
            )
        )
        try input.fileHandleForWriting.close()
        holder.waitUntilExit()
        #expect(try PidLock.acquire(at: path) != nil, "the lock goes with the process")
    }

    @Test func theDaemonsPidIsReadFromItsOwnDescriptorsAndOnlyWhileItHoldsTheLock() throws {
        // A shell that takes the lock on its descriptor 9 and names itself, as the daemon does.
        let (holder, input) = try startHolder(
            "/bin/sh",
            ["-c", "exec 9>>\"$0\"; flock -x 9; echo $$ > \"$0\"; echo locked; read line", path]
        )
        var info = stat()
        #expect(stat(path, &info) == 0)
        let (device, inode) = (UInt64(info.st_dev), UInt64(info.st_ino))
        #expect(PidLock.daemonHolder(at: path) == holder.processIdentifier)
        #expect(LockTable.flockHeld(by: holder.processIdentifier, device: device, inode: inode) == true)
        // The same file, asked of a process that has it open without the lock: this one.
        let unlocked = open(path, O_RDONLY)
        defer { close(unlocked) }
        #expect(LockTable.flockHeld(by: getpid(), device: device, inode: inode) == false)
        #expect(PidLock.isHeld(at: path), "the kernel's table agrees")

        try input.fileHandleForWriting.close()
        holder.waitUntilExit()
        // The file still names the shell, which is gone, and so is its lock.
        #expect(PidLock.pids(at: path) == [holder.processIdentifier])
        #expect(LockTable.flockHeld(by: holder.processIdentifier, device: device, inode: inode) == false)
        #expect(PidLock.daemonHolder(at: path) == nil)
        #expect(!PidLock.isHeld(at: path))
    }

    @Test func aPidFileNamingALiveProcessThatHoldsNothingIsNoDaemon() throws {
        try "\(getpid())\n".write(toFile: path, atomically: false, encoding: .utf8)
        #expect(PidLock.daemonHolder(at: path) == nil)
        let lock = try #require(try PidLock.acquire(at: path))
        #expect(PidLock.daemonHolder(at: path) == getpid())
        lock.release(removingFile: true)
        #expect(PidLock.daemonHolder(at: path) == nil)
    }

    @Test func theSyncJobIsNotHandedTheLockButNamedInIt() async throws {
        let lock = try SyncLock.acquire(at: path)
        let out = folder.file("fds.txt")
        // The taker writes the job's pid into the lock once the job runs: the job waits for
        // that (up to 10 s) before it reads the lock.
        let job = try folder.script(
            "job.sh",
            """
            ls -l /proc/$$/fd/ > "$1"
            i=0; while ! grep -q " $$ " "$2" && [ $i -lt 1000 ]; do sleep 0.01; i=$((i+1)); done
            cat "$2" >> "$1"
            """
        )
        let result = await CommandSyncEngine(command: [job, out, path]).sync(SyncRequest(lock: lock))
        #expect(result.outcome == .success)
        let descriptors = try #require(folder.read("fds.txt"))
        #expect(descriptors.contains(" 0 -> /dev/null"), "\(descriptors)")
        #expect(!descriptors.contains("sync.lock"), "no descriptor of the job's holds the lock")
        #expect(descriptors.contains("\(getpid()) "), "the lock names the job after its taker")
        lock.release()
    }

    @Test func aLockInAMissingFolderIsAnError() {
        let missing = folder.file("no/such/folder/sync.lock")
        #expect(
            throws: DaemonError.io(
                path: missing,
                reason: "cannot open the lock file: No such file or directory"
            )
        ) {
            try PidLock.acquire(at: missing)
        }
    }
}
