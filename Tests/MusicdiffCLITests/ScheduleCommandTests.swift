import Foundation
import Testing

/// `musicdiff schedule`, run as a user runs it: the built binary, `TZ=Europe/Berlin`.
@Suite struct ScheduleCommandTests {
    @Test func printsTheNextTimesInLocalTime() throws {
        let run = try ScheduleRun(["schedule", "0 2 * * *", "--from", "2026-11-29T10:00", "--count", "3"])
        #expect(run.status == 0)
        #expect(
            run.stdout == """
                Mon 2026-11-30 02:00:00 CET (+01:00)
                Tue 2026-12-01 02:00:00 CET (+01:00)
                Wed 2026-12-02 02:00:00 CET (+01:00)

                """
        )
        #expect(run.stderr.isEmpty)
    }

    @Test func printsFiveByDefault() throws {
        let run = try ScheduleRun(["schedule", "@hourly", "--from", "2026-11-29T10:00:00Z"])
        #expect(run.status == 0)
        #expect(run.stdout.split(separator: "\n").count == 5)
        #expect(run.stdout.hasPrefix("Sun 2026-11-29 12:00:00 CET (+01:00)\n"))
    }

    @Test func followsDaylightSavingAsDebianCronDoes() throws {
        let run = try ScheduleRun(["schedule", "30 2 * * *", "--from", "2026-03-28T12:00", "--count", "2"])
        #expect(
            run.stdout == "Sun 2026-03-29 03:00:00 CEST (+02:00)\nMon 2026-03-30 02:30:00 CEST (+02:00)\n"
        )
        let back = try ScheduleRun([
            "schedule", "30 * * * *", "--from", "2026-10-25T02:00+02:00", "--count", "2",
        ])
        #expect(
            back.stdout == "Sun 2026-10-25 02:30:00 CEST (+02:00)\nSun 2026-10-25 02:30:00 CET (+01:00)\n"
        )
    }

    @Test func printsJSONWithOffsets() throws {
        let run = try ScheduleRun(
            ["schedule", "0 0 * * mon", "--from", "2026-10-20T00:00:00+02:00", "--count", "2", "--json"])
        #expect(run.status == 0)
        #expect(run.stdout == "[\"2026-10-26T00:00:00+01:00\", \"2026-11-02T00:00:00+01:00\"]\n")
    }

    @Test func honoursTZ() throws {
        let run = try ScheduleRun(
            ["schedule", "0 9 * * *", "--from", "2026-07-01T14:00:00Z", "--count", "1"],
            zone: "America/New_York"
        )
        #expect(run.stdout == "Thu 2026-07-02 09:00:00 EDT (-04:00)\n")
    }

    @Test(arguments: [
        (["schedule", "61 * * * *"], "musicdiff: minute field \"61\": 61 is out of range 0-59\n"),
        (
            ["schedule", "0 0 * *"],
            "musicdiff: expected 5 fields (minute hour day-of-month month day-of-week), got 4\n"
        ),
        (
            ["schedule", "* * * * mon-frx"],
            "musicdiff: day-of-week field \"mon-frx\": \"frx\" is not a weekday name\n"
        ),
        (
            ["schedule", "0 0 31 2 *"],
            "musicdiff: day-of-month field \"31\": month field \"2\" has no such day, so the expression never fires\n"
        ),
        (
            ["schedule", "@daily", "--from", "tomorrow"],
            "musicdiff: --from \"tomorrow\" is not an ISO 8601 time (try 2026-11-29T10:00 or 2026-11-29T10:00:00+01:00)\n"
        ),
        (
            ["schedule", "@daily", "--from", "2026-02-30T10:00"],
            "musicdiff: --from \"2026-02-30T10:00\" is not an ISO 8601 time (try 2026-11-29T10:00 or 2026-11-29T10:00:00+01:00)\n"
        ),
        (["schedule", "@daily", "--count", "0"], "musicdiff: --count must be 1 or more, got 0\n"),
    ])
    func rejectsBadInputWithOneLine(arguments: [String], message: String) throws {
        let run = try ScheduleRun(arguments)
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr == message)
    }

    @Test func aNonNumericCountIsAUserError() throws {
        let run = try ScheduleRun(["schedule", "@daily", "--count", "many"])
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("musicdiff: ") && run.stderr.split(separator: "\n").count == 1)
    }
}

/// One run of the built `musicdiff` binary (`$MUSICDIFF_BIN`, else `.build/debug/musicdiff`
/// in the package), with `TZ` set and its output collected.
private struct ScheduleRun {
    let status: Int32
    let stdout: String
    let stderr: String

    init(_ arguments: [String], zone: String = "Europe/Berlin", filePath: String = #filePath) throws {
        let root = URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let environment = ProcessInfo.processInfo.environment
        let binary =
            environment["MUSICDIFF_BIN"] ?? root.appendingPathComponent(".build/debug/musicdiff").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.environment = environment.merging(["TZ": zone]) { _, new in new }
        let (out, err) = (Pipe(), Pipe())
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        self.status = process.terminationStatus
        self.stdout = String(decoding: stdout, as: UTF8.self)
        self.stderr = String(decoding: stderr, as: UTF8.self)
    }
}
