import Foundation
import MusicdiffDaemon
import Testing

/// `--store PATH` as a user gives it: a FIFO, a missing file, a store in a read-only folder
/// or another user's, a store far larger than the daemon keeps. Each is read, or refused in
/// one line, at once; reading leaves nothing beside the file.
@Suite struct StoreReadingTests {
    /// Runs `musicdiff ARGUMENTS` under timeout(1), killed after `seconds` (exit 124): a hang
    /// fails the test instead of hanging it. With `user`, as that uid (and gid), by setpriv(1).
    func run(
        _ fixture: CLIFixture,
        within seconds: Int = 20,
        as user: String? = nil,
        _ arguments: [String]
    ) throws -> MusicdiffProcess.Result {
        let identity =
            user.map { ["/usr/bin/setpriv", "--reuid=\($0)", "--regid=\($0)", "--clear-groups"] } ?? []
        return try fixture.runner.runTool(
            "/usr/bin/timeout",
            ["-k", "2", "\(seconds)"] + identity + [MusicdiffProcess.binary] + arguments
        )
    }

    @Test func aFIFOIsRefusedAtOnceInOneLine() throws {
        let fixture = try CLIFixture()
        let fifo = fixture.root + "/state.sqlite"
        #expect(mkfifo(fifo, 0o600) == 0)
        for command in [["history"], ["replay", "--policy", "laptop"]] {
            let result = try run(fixture, command + ["--store", fifo])
            #expect(result.status == 1, "\(command): exit \(result.status) (124: it hung)")
            #expect(result.stderr == "musicdiff: \(fifo): is a FIFO, not a musicdiff state store\n")
        }
    }

    @Test func aMissingEmptyOrForeignStoreIsOneLine() throws {
        let fixture = try CLIFixture()
        let missing = fixture.root + "/nowhere.sqlite"
        let result = try fixture.run("history", "--store", missing)
        #expect(result.status == 1)
        #expect(result.stderr == "musicdiff: \(missing): no such file\n")
        let text = fixture.root + "/notes.txt"
        try fixture.write("notes.txt", "hello\n")
        let other = try fixture.run("replay", "--policy", "laptop", "--store", text)
        #expect(other.status == 1)
        #expect(other.stderr == "musicdiff: \(text): is not a musicdiff state store (not SQLite)\n")
        try fixture.write("empty.sqlite", "")
        let empty = try fixture.run("history", "--store", fixture.root + "/empty.sqlite")
        #expect(
            empty.stderr == "musicdiff: \(fixture.root)/empty.sqlite: is empty, not a musicdiff state store\n"
        )
    }

    /// The files in `folder`.
    func files(_ folder: String) throws -> Set<String> {
        Set(try FileManager.default.contentsOfDirectory(atPath: folder))
    }

    @Test func readingLeavesNoWALOrSHMBeside() throws {
        let fixture = try CLIFixture()
        let store = try HistoryCommandTests.recordedWeek(fixture)
        let before = try files(fixture.root)
        #expect(!before.contains("theirs.sqlite-wal") && !before.contains("theirs.sqlite-shm"))
        #expect(try fixture.run("history", "--store", store).status == 0)
        #expect(try fixture.run("replay", "--policy", "laptop", "--store", store).status == 0)
        #expect(try files(fixture.root) == before)
    }

    @Test func aStoreInAReadOnlyFolderOrAnotherUsersIsRead() throws {
        let fixture = try CLIFixture()
        let store = try HistoryCommandTests.recordedWeek(fixture)
        let folder = fixture.root + "/readonly"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        let copy = folder + "/state.sqlite"
        try FileManager.default.copyItem(atPath: store, toPath: copy)
        chmod(copy, 0o644)
        chmod(folder, 0o555)
        chmod(fixture.root, 0o755)
        defer { chmod(folder, 0o755) }
        // As root a folder's mode stops nothing: the store is then another user's, read by nobody.
        let user = getuid() == 0 ? "65534" : nil
        let history = try run(fixture, as: user, ["history", "--days", "7", "--store", copy])
        #expect(history.status == 0, "\(history.stderr)")
        #expect(history.stdout.hasPrefix("7 days, "))
        #expect(
            history.stdout.split(separator: "\n").first?.hasSuffix(" (the last record), policy laptop")
                == true
        )
        let replay = try run(fixture, as: user, ["replay", "--policy", "laptop", "--store", copy])
        #expect(replay.status == 0, "\(replay.stderr)")
        #expect(try files(folder) == ["state.sqlite"])
    }

    @Test func aStoreLargerThanTheDaemonKeepsIsReadToItsNewestMoments() throws {
        let fixture = try CLIFixture()
        let store = try HistoryCommandTests.recordedWeek(fixture)
        try DamagedStoreTests.damage(
            store,
            [
                """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(StateStore.keptTicks + 10))
                INSERT INTO tick (at, would_sync, failed, policy, kind, utc_offset)
                SELECT strftime('%Y-%m-%d %H:%M:%f', (SELECT MAX(julianday(at)) FROM tick) - i / 864000.0),
                    0, 'idle', 'laptop', 'decision', 0 FROM n
                """
            ]
        )
        let result = try fixture.run("history", "--days", "7", "--store", store)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 })
        let last = result.stdout.split(separator: "\n").last.map(String.init) ?? ""
        #expect(
            last.hasPrefix("read the newest 200000 moments only: none before "),
            "\(last)"
        )
    }
}
