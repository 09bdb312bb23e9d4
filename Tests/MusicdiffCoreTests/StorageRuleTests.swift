import Foundation
import MusicdiffTestSupport
import Testing

@testable import MusicdiffCore

/// The `storage` rule: free space (`f_bavail`) where the library lives, as a start rule, a
/// relax step, a `while_running` rule and a `--assume` form.
@Suite struct StorageRuleTests {
    static let gib = 1_073_741_824.0

    static func free(
        _ gib: Double,
        of total: Double = 100,
        on mount: String = "/home"
    ) -> Reading<StorageState> {
        .known(StorageState(mount: mount, free: gib * Self.gib, total: total * Self.gib))
    }

    func parse(_ text: String) throws(PolicyError) -> Policy {
        try PolicyParser.parse(text, file: "p.yaml", defaultName: "p")
    }

    let policy = Policy(name: "p", storage: StorageRule(path: "~/Music", minFree: .bytes(2 * Self.gib)))

    @Test func aFullDiskBlocksWithTheFreeSpaceInTheVerdict() {
        let verdict = Fixture.decide(policy, Snapshot.testing(storage: Self.free(1.25))).verdict(.storage)
        #expect(verdict?.ok == false)
        #expect(verdict?.observed == "1.2 GiB free on /home")
        #expect(verdict?.required == ">= 2 GiB free")
        #expect(verdict?.reason == "1.2 GiB free on /home, below 2 GiB")
        let roomy = Fixture.decide(policy, Snapshot.testing(storage: Self.free(2))).verdict(.storage)
        #expect(roomy?.ok == true)
        #expect(roomy?.reason == "2 GiB free on /home, at least 2 GiB")
    }

    @Test func aPercentageIsOfTheFileSystemsSize() {
        let share = Policy(name: "p", storage: StorageRule(path: "/srv", minFree: .percent(10)))
        #expect(Fixture.decide(share, Snapshot.testing(storage: Self.free(9.9))).shouldSync == false)
        #expect(Fixture.decide(share, Snapshot.testing(storage: Self.free(10))).shouldSync)
    }

    @Test func anAbsentPathIsUnknownWithItsReason() {
        let snapshot = Snapshot.testing(
            storage: .unknown(reason: "cannot read the free space of /media/usb: No such file or directory")
        )
        let verdict = Fixture.decide(policy, snapshot).verdict(.storage)
        #expect(verdict?.ok == nil)
        #expect(verdict?.reason.contains("/media/usb: No such file or directory") == true)
    }

    @Test(arguments: [
        ("2GiB", FreeSpace.bytes(2 * 1_073_741_824)), ("500MiB", .bytes(500 * 1_048_576)),
        ("1 TiB", .bytes(1_099_511_627_776)),
        ("64KiB", .bytes(65_536)), ("100B", .bytes(100)), ("10%", .percent(10)), ("0.5%", .percent(0.5)),
    ])
    func sizesAndPercentagesParse(text: String, amount: FreeSpace) {
        #expect(FreeSpace(text) == amount)
    }

    @Test func policyShowWritesTheRuleBack() throws {
        let parsed = try parse(
            "storage: { path: ~/Music, min_free: 1.5GiB }\nrelax:\n  - after: 1h\n    storage: { min_free: 512MiB }\n"
        )
        #expect(parsed.yaml.contains("\nstorage: { path: \"~/Music\", min_free: 1.5GiB }\n"))
        #expect(parsed.yaml.contains("storage: { min_free: 512MiB }"))
        #expect(try parse(parsed.yaml) == parsed)
        #expect(Policy(name: "bare").yaml.contains("# storage: not checked"))
    }

    /// A bare `~` is YAML's null; it is the home folder all the same, and written back quoted.
    @Test func aBareTildeIsTheHomeFolder() throws {
        let parsed = try parse("storage: { path: ~, min_free: 1GiB }\n")
        #expect(parsed.storage?.path == "~")
        #expect(try parse(parsed.yaml) == parsed)
        #expect(throws: PolicyError.self) { try parse("storage: { path: null, min_free: 1GiB }\n") }
    }

    /// (policy, line, column, message).
    static let malformed: [(String, Int, Int, String)] = [
        (
            "storage: { path: Music, min_free: 2GiB }", 1, 18,
            #"storage.path must be absolute or start with ~/ (like ~/Music or /srv/music), not "Music""#
        ),
        ("storage: { path: ~/Music, min_free: 2GB }", 1, 37, #"storage.min_free "2GB" is not a size"#),
        ("storage: { path: ~/Music, min_free: 2 }", 1, 37, #"storage.min_free "2" is not a size"#),
        ("storage: { path: ~/Music, min_free: 120% }", 1, 37, "or a percentage from 0 to 100"),
        (
            "storage: { path: ~/Music }", 1, 10,
            #"storage needs "min_free", like min_free: 2GiB or min_free: 10%"#
        ),
        ("storage: { min_free: 2GiB }", 1, 10, #"storage needs "path""#),
        ("storage: { path: ~/Music, min_free: 2GiB, max: 1 }", 1, 43, #"unknown key "max" in storage"#),
        (
            "storage: { path: ~/Music, min_free: 2GiB }\nrelax:\n  - after: 1h\n    storage: { min_free: 3GiB }",
            4, 14,
            "relax[0].storage { min_free: 3GiB } does not allow all"
        ),
        (
            "storage: { path: ~/Music, min_free: 2GiB }\nrelax:\n  - after: 1h\n    storage: { path: /x, min_free: 1GiB }",
            4, 16, #"unknown key "path" in relax[0].storage"#
        ),
        (
            "while_running:\n  storage: { min_free: 500MiB }", 2, 12,
            "while_running.storage watches the start rule's path, and there is none"
        ),
        (
            "storage: { path: ~/Music, min_free: 1GiB }\nwhile_running:\n  storage: { min_free: 2GiB }", 3,
            12,
            "while_running.storage.min_free 2GiB asks more than the start rule's storage.min_free 1GiB"
        ),
    ]

    @Test(arguments: malformed)
    func policyCheckNamesTheLineColumnAndProblem(text: String, line: Int, column: Int, message: String) {
        expectRefused(text, line: line, column: column, message: message)
    }

    @Test func aRelaxStepMayLoosenIt() throws {
        let policy = try parse(
            "storage: { path: /srv, min_free: 2GiB }\nrelax:\n  - after: 1h\n    storage: { min_free: 1GiB }\n"
        )
        let overdue = Snapshot.testing(
            dueSince: Fixture.noon.addingTimeInterval(-7200),
            storage: Self.free(1.5)
        )
        let decision = Fixture.decide(policy, overdue)
        #expect(decision.shouldSync)
        #expect(decision.verdict(.storage)?.reason == "1.5 GiB free on /home, at least 1 GiB")
    }

    @Test func whileRunningItStopsBeforeTheDiskFills() throws {
        let policy = try parse(
            "storage: { path: /srv, min_free: 2GiB }\nwhile_running:\n  storage: { min_free: 500MiB }\n"
        )
        let now = Fixture.noon
        #expect(
            !PolicyEngine.whileRunning(policy, on: Snapshot.testing(storage: Self.free(1)), at: now)
                .shouldStop
        )
        let full = PolicyEngine.whileRunning(policy, on: Snapshot.testing(storage: Self.free(0.25)), at: now)
        #expect(full.stopReason == "free space fell to 256 MiB on /home, below 500 MiB")
        #expect(
            WhileRunning.stopClause(policy.whileRunning) == "it stops if the free space falls below 500 MiB"
        )
    }

    @Test func assumingTheFreeSpaceDecidesAsIfStatvfsSaidIt() throws {
        let assumed = Snapshot.testing(storage: Self.free(50))
            .assuming([try Assumption("storage=500MiB")], at: Fixture.noon)
        let verdict = Fixture.decide(policy, assumed).verdict(.storage)
        #expect(verdict?.ok == false)
        #expect(verdict?.observed == "500 MiB free (assumed)")
        #expect(throws: AssumptionError.self) { try Assumption("storage=10%") }
    }
}
