import Foundation
import MusicdiffTestSupport
import Testing

@testable import MusicdiffCore

/// The `power_profile` rule: power-profiles-daemon's active profile, denied or not, as a start
/// rule, a relax step, a `while_running` rule and a `--assume` form.
@Suite struct PowerProfileRuleTests {
    static func profile(_ name: String) -> Reading<PowerProfileState> {
        .known(PowerProfileState(profile: name, source: "power-profiles-daemon"))
    }

    func parse(_ text: String) throws(PolicyError) -> Policy {
        try PolicyParser.parse(text, file: "p.yaml", defaultName: "p")
    }

    let policy = Policy(name: "p", powerProfile: PowerProfileRule(deny: [.powerSaver]))

    @Test func powerSaverBlocksAndSaysWhatWasSeen() {
        let verdict = Fixture.decide(policy, Snapshot.testing(powerProfile: Self.profile("power-saver")))
            .verdict(.powerProfile)
        #expect(verdict?.ok == false)
        #expect(verdict?.observed == "power-saver (power-profiles-daemon)")
        #expect(verdict?.required == "not power-saver")
        #expect(verdict?.reason == "the power profile is power-saver, which the policy denies")
    }

    @Test(arguments: ["balanced", "performance", "some-new-profile"])
    func anotherProfilePasses(name: String) {
        let decision = Fixture.decide(policy, Snapshot.testing(powerProfile: Self.profile(name)))
        #expect(decision.shouldSync)
        #expect(decision.verdict(.powerProfile)?.reason == "the power profile is \(name)")
    }

    @Test func withoutTheDaemonTheVerdictIsUnknownWithItsReason() {
        let snapshot = Snapshot.testing(
            powerProfile: .unknown(reason: "power-profiles-daemon is not running")
        )
        let passing = Fixture.decide(policy, snapshot)
        #expect(passing.shouldSync)
        #expect(passing.verdict(.powerProfile)?.ok == nil)
        #expect(
            passing.verdict(.powerProfile)?.reason.contains("power-profiles-daemon is not running") == true
        )
        var blocking = policy
        blocking.onUnknown = .block
        #expect(!Fixture.decide(blocking, snapshot).shouldSync)
    }

    @Test func policyShowWritesTheRuleBackAndSaysWhenItIsAbsent() throws {
        let parsed = try parse("power_profile: { deny: [performance, power-saver, power-saver] }\n")
        #expect(parsed.powerProfile == PowerProfileRule(deny: [.powerSaver, .performance]))
        #expect(parsed.yaml.contains("\npower_profile: { deny: [power-saver, performance] }\n"))
        #expect(try parse(parsed.yaml) == parsed)
        #expect(Policy(name: "bare").yaml.contains("# power_profile: not checked"))
    }

    /// (policy, line, column, message).
    static let malformed: [(String, Int, Int, String)] = [
        (
            "power_profile: { deny: [power-save] }", 1, 25,
            #""power-save" is not allowed for power_profile.deny; use power-saver, balanced or performance"#
        ),
        ("power_profile: { deny: power-saver }", 1, 24, "power_profile.deny must be a list of profiles"),
        ("power_profile: { deny: [] }", 1, 24, "power_profile.deny must be a list of profiles"),
        ("power_profile: { }", 1, 16, #"power_profile needs "deny", like { deny: [power-saver] }"#),
        ("power_profile: power-saver", 1, 16, "power_profile must be a mapping like { deny: [power-saver] }"),
        (
            "power_profile: { deny: [power-saver], allow: [balanced] }", 1, 39,
            #"unknown key "allow" in power_profile; allowed: deny"#
        ),
        (
            "power_profile: { deny: [power-saver] }\nrelax:\n  - after: 1h\n    power_profile: { deny: [powersaver] }",
            4, 29, #""powersaver" is not allowed for relax[0].power_profile.deny"#
        ),
        (
            "power_profile: { deny: [power-saver] }\nrelax:\n  - after: 1h\n    power_profile: { deny: [power-saver, balanced] }",
            4, 20, "relax[0].power_profile { deny: [power-saver, balanced] } does not allow all"
        ),
        (
            "while_running:\n  power_profile: { deny: [balanced] }", 2, 26,
            "while_running.power_profile { deny: [balanced] } would stop at once a sync started in balanced"
        ),
        (
            "while_running:\n  power_profile: { deny: [eco] }", 2, 27,
            #""eco" is not allowed for while_running.power_profile.deny"#
        ),
    ]

    @Test(arguments: malformed)
    func policyCheckNamesTheLineColumnAndProblem(text: String, line: Int, column: Int, message: String) {
        expectRefused(text, line: line, column: column, message: message)
    }

    @Test func aRelaxStepMayDropOrLoosenIt() throws {
        let overdue = Snapshot.testing(
            dueSince: Fixture.noon.addingTimeInterval(-7200),
            powerProfile: Self.profile("balanced")
        )
        let strict = "power_profile: { deny: [power-saver, balanced] }\nrelax:\n  - after: 1h\n"
        let loosened = try parse(strict + "    power_profile: { deny: [power-saver] }\n")
        let decision = Fixture.decide(loosened, overdue)
        #expect(decision.shouldSync)
        #expect(decision.verdict(.powerProfile)?.label == "power_profile (relaxed at 1h: not power-saver)")
        let dropped = Fixture.decide(try parse(strict + "    power_profile: off\n"), overdue)
        #expect(dropped.shouldSync)
        #expect(dropped.verdict(.powerProfile)?.ok == false)
        #expect(dropped.verdict(.powerProfile)?.label == "power_profile (off at 1h)")
    }

    @Test func whileRunningItStopsWhenTheUserPicksPowerSaver() throws {
        let policy = try parse(
            "power_profile: { deny: [power-saver] }\nwhile_running:\n  power_profile: { deny: [power-saver] }\n"
        )
        let now = Fixture.noon
        let running = PolicyEngine.whileRunning(
            policy,
            on: Snapshot.testing(powerProfile: Self.profile("balanced")),
            at: now
        )
        #expect(!running.shouldStop)
        let saver = PolicyEngine.whileRunning(
            policy,
            on: Snapshot.testing(powerProfile: Self.profile("power-saver")),
            at: now
        )
        #expect(saver.stopReason == "the power profile changed to power-saver")
        let gone = PolicyEngine.whileRunning(policy, on: Snapshot.testing(), at: now)
        #expect(!gone.shouldStop, "an unknown reading never stops a run")
        #expect(WhileRunning.stopClause(policy.whileRunning) == "it stops if the user picks power-saver")
    }

    @Test func assumingAProfileDecidesAsIfTheDaemonSaidIt() throws {
        let assumed = Snapshot.testing(powerProfile: Self.profile("balanced"))
            .assuming([try Assumption("power=power-saver")], at: Fixture.noon)
        let verdict = Fixture.decide(policy, assumed).verdict(.powerProfile)
        #expect(verdict?.ok == false)
        #expect(verdict?.observed == "power-saver (assumed)")
        #expect(throws: AssumptionError.self) { try Assumption("power=eco") }
        #expect(throws: AssumptionError.self) { try Assumption("powr=balanced") }
    }
}
