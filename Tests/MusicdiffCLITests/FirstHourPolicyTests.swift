import Foundation
import Testing

/// Issue 25: what a new user tripped over with policies, each through the real binary.
@Suite struct FirstHourPolicyTests {
    /// A duration reads the same everywhere: an error quotes what the user wrote, and policy
    /// show prints the ladder's steps and max_deferral in one form.
    @Test func durationsReadAsWritten() throws {
        let fixture = try CLIFixture()
        try fixture.write(
            "mine.yaml",
            "idle: { min: 10m }\nrelax:\n  - after: 3d\n    idle: off\nmax_deferral: 48h\n"
        )
        let check = try fixture.run("policy", "check", fixture.root + "/mine.yaml")
        #expect(check.status == 1)
        #expect(
            check.stderr.hasPrefix(
                "\(fixture.root)/mine.yaml:3:12: relax[0].after 3d must be below max_deferral 48h,"
            ),
            "\(check.stderr)"
        )
        try fixture.write(
            "mine.yaml",
            "idle: { min: 10m }\nrelax:\n  - after: 36h\n    idle: off\nmax_deferral: 48h\n"
        )
        let show = try fixture.run("policy", "show", fixture.root + "/mine.yaml")
        #expect(show.stdout.contains("  - after: 36h\n"), "\(show.stdout)")
        #expect(show.stdout.contains("\nmax_deferral: 48h\n"), "\(show.stdout)")
    }

    /// Policy names and files complete where a policy is asked for.
    @Test func policyArgumentsCompleteWithNamesAndFiles() throws {
        let fixture = try CLIFixture()
        try fixture.write("home/policies/mine.yaml", "min_gap: 1h\n")
        try fixture.write("work/try.yaml", "min_gap: 2h\n")
        try fixture.write("work/notes.txt", "")
        func complete(_ words: String...) throws -> [String] {
            let result = try fixture.runner.run(["---completion"] + words)
            #expect(result.status == 0, "\(result.stderr)")
            return result.stdout.split(separator: "\n").map(String.init)
        }
        #expect(try complete("policy", "show", "--", "positional@0", "0", "1", "m") == ["mine"])
        let names = try complete("policy", "check", "--", "positional@0", "0", "0", "")
        for name in ["mine", "default", "laptop", "desktop", "server", "conservative"] {
            #expect(names.contains(name), "\(names)")
        }
        #expect(try complete("why-not", "--", "--policy", "1", "2", "--policy", "la") == ["laptop"])
        let work = fixture.root + "/work/"
        let files = try complete("sync", "--", "--policy", "1", "\(work.count)", "--policy", work)
        #expect(files == [work + "try.yaml"])
        let partial = fixture.root + "/w"
        let folders = try complete(
            "daemon",
            "start",
            "--",
            "--policy",
            "1",
            "\(partial.count)",
            "--policy",
            partial
        )
        #expect(folders == [work])
    }

    /// A policy of the user's folder goes by its file's name everywhere; check warns about a
    /// `name:` that says otherwise.
    @Test func aUserPolicyGoesByItsFilesName() throws {
        let fixture = try CLIFixture()
        try fixture.write("home/policies/laptop.yaml", "name: mine\nload: { max_per_core: 0.01 }\n")
        let path = "\(fixture.home)/policies/laptop.yaml"
        let list = try fixture.run("policy", "list")
        let line = try #require(list.stdout.split(separator: "\n").first { $0.hasPrefix("laptop ") })
        #expect(line.contains("[\(path), shadows the shipped one]"), "\(list.stdout)")
        #expect(!line.contains("does not parse"), "a policy without a description parses: \(line)")
        #expect(!list.stdout.contains("mine"))
        let whyNot = try fixture.run("why-not", "--policy", "laptop", "--history", "0")
        #expect(whyNot.stdout.hasPrefix("laptop (\(path)): "), "\(whyNot.stdout)")
        let check = try fixture.run("policy", "check", "laptop")
        #expect(check.status == 0)
        #expect(check.stdout == "laptop: ok (policy laptop)\n")
        #expect(
            check.stderr
                == "\(path): warning: name: mine is not the file's name; the policy goes by laptop everywhere (rename the file, or set name: laptop)\n"
        )
    }
}
