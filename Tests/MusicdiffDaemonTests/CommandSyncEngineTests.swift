import Foundation
import MusicdiffCore
import Testing

@testable import MusicdiffDaemon

/// How a job's exit and output become a result.
@Suite struct CommandSyncEngineTests {
    let folder: ScratchFolder

    init() throws { folder = try ScratchFolder("musicdiff-sync") }

    func run(
        _ body: String,
        arguments: [String] = [],
        timeout: Duration = .seconds(30)
    ) async throws -> SyncResult {
        let job = try folder.script("job.sh", body)
        return await CommandSyncEngine(command: [job] + arguments, timeout: timeout, grace: .seconds(1))
            .sync()
    }

    @Test func exitZeroWithASummaryIsASuccessWithItsFigures() async throws {
        var result = try await run(
            """
            echo "syncing..."
            echo "some warning" >&2
            echo '{"changes_applied": 12, "failed_changes": 0, "conflicts": [{"entity_type": "track", "entity_id": "42"}]}'
            echo
            """
        )
        // The last lines of both streams are kept; across the two, in the order read.
        let summary =
            #"{"changes_applied": 12, "failed_changes": 0, "conflicts": [{"entity_type": "track", "entity_id": "42"}]}"#
        #expect(Set(result.output) == ["syncing...", "some warning", summary])
        #expect(result.output.firstIndex(of: "syncing...")! < result.output.firstIndex(of: summary)!)
        result.output = []
        #expect(
            result
                == SyncResult(
                    outcome: .success,
                    changesApplied: 12,
                    failedChanges: 0,
                    conflicts: [SyncRun.Conflict(entityType: "track", entityId: "42")]
                )
        )
    }

    @Test func exitZeroWithoutASummaryIsASuccessWithoutFigures() async throws {
        var result = try await run("echo done")
        #expect(result.output == ["done"])
        result.output = []
        #expect(result == SyncResult(outcome: .success))
    }

    @Test func failedChangesMakeItPartialAndAListCountsItsItems() async throws {
        var result = try await run(#"echo '{"changes_applied": 5, "failed_changes": ["t1", "t2"]}'"#)
        result.output = []
        #expect(result == SyncResult(outcome: .partial, changesApplied: 5, failedChanges: 2))
    }

    @Test func aMalformedSummaryIsIgnoredWithANoteNotAFailure() async throws {
        let result = try await run(#"echo '{"changes_applied": "many"}'"#)
        #expect(result.outcome == .success)
        #expect(result.changesApplied == nil)
        #expect(
            result.message
                == "ignored the job's last stdout line, which is not a valid summary: changes_applied: expected a whole number"
        )
    }

    @Test func aNonZeroExitFailsWithTheStatusAndTheLastErrorLines() async throws {
        let lines = (1...30).map { "echo line \($0) >&2" }.joined(separator: "\n")
        let result = try await run(lines + "\nexit 3")
        #expect(result.outcome == .failed)
        #expect(result.exitStatus == 3)
        #expect(result.message == (11...30).map { "line \($0)" }.joined(separator: "\n"))
        #expect(SyncLogLines.reason(for: result) == "exit status 3: line 30")
    }

    @Test func aJobKilledByASignalItDidNotGetFromUsCrashed() async throws {
        let result = try await run("echo about to fail >&2\nkill -SEGV $$\nsleep 5")
        #expect(result.outcome == .crashed)
        #expect(result.exitStatus == Int(SIGSEGV))
        #expect(SyncLogLines.reason(for: result) == "killed by signal 11 (SIGSEGV): about to fail")
    }

    @Test func onlyTheTailOfAFloodOfOutputIsKeptAndTheSummaryStillRead() async throws {
        var result = try await run(
            """
            head -c 1048576 /dev/zero | tr '\\0' 'x'
            echo
            head -c 1048576 /dev/zero | tr '\\0' 'y' >&2
            echo '{"changes_applied": 1}'
            """
        )
        // What the output's tail holds depends on how the two floods interleave; it is short.
        #expect(result.output.count <= OutputTap.keptLines)
        #expect(result.output.allSatisfy { $0.count <= OutputTap.lineLimit })
        result.output = []
        #expect(result == SyncResult(outcome: .success, changesApplied: 1))
    }

    @Test func theJobFindsTheAutoModeInItsEnvironmentAndInheritsTheRest() async throws {
        let out = folder.file("env.txt")
        let result = try await run(
            #"printf '%s\n%s\n' "$MUSICDIFF_SYNC_MODE" "$HOME" > "$1""#,
            arguments: [out]
        )
        #expect(result.outcome == .success)
        #expect(folder.read("env.txt") == "auto\n\(ProcessInfo.processInfo.environment["HOME"] ?? "")\n")
    }

    @Test func argumentsArriveVerbatimBecauseNoShellIsInvolved() async throws {
        let out = folder.file("args.txt")
        let arguments = ["$HOME", "a; touch \(folder.file("pwned"))", "*", "two words", "`id`", ""]
        let result = try await run(
            #"out="$1"; shift; for a in "$@"; do printf '[%s]\n' "$a"; done > "$out""#,
            arguments: [out] + arguments
        )
        #expect(result.outcome == .success)
        #expect(folder.read("args.txt") == arguments.map { "[\($0)]\n" }.joined())
        #expect(!FileManager.default.fileExists(atPath: folder.file("pwned")))
    }

    @Test func standardInputIsEmpty() async throws {
        // `cat` would wait forever on a terminal or an open pipe.
        var result = try await run("cat\necho '{\"changes_applied\": 0}'", timeout: .seconds(20))
        result.output = []
        #expect(result == SyncResult(outcome: .success, changesApplied: 0))
    }

    @Test func aMissingExecutableIsNotStartedAndNamed() async throws {
        let missing = folder.file("no-such-job")
        let result = await CommandSyncEngine(command: [missing]).sync()
        #expect(result.outcome == .notStarted)
        #expect(
            result.message == "the sync command \(missing) does not exist; check sync.command in config.yaml"
        )
    }

    @Test func aFileThatIsNotExecutableIsNotStarted() async throws {
        let job = try folder.script("job.sh", "exit 0")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: job)
        let result = await CommandSyncEngine(command: [job]).sync()
        #expect(result.outcome == .notStarted)
        #expect(result.message == "the sync command \(job) is not executable; run chmod +x \(job)")
    }

    @Test func aNameNotInPathIsNotStarted() async throws {
        let result = await CommandSyncEngine(command: ["musicdiff-no-such-sync-job-\(UUID())"]).sync()
        #expect(result.outcome == .notStarted)
        #expect(result.message?.hasSuffix("is not in PATH; give its full path in sync.command") == true)
    }

    @Test func aNameIsLookedUpInPath() async throws {
        #expect(await CommandSyncEngine(command: ["true"]).sync() == SyncResult(outcome: .success))
    }

    @Test func theConfigsSyncSectionMakesTheEngine() {
        var sync = Config.Sync()
        #expect(CommandSyncEngine(config: sync) == nil)
        sync.command = ["/bin/true", "-x"]
        sync.timeout = .seconds(5)
        let engine = CommandSyncEngine(config: sync)
        #expect(engine?.command == ["/bin/true", "-x"])
        #expect(engine?.timeout == .seconds(5))
        #expect(engine?.grace == .seconds(10))
    }
}
