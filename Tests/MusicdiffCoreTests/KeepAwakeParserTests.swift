import Testing

@testable import MusicdiffCore

/// `while_running.keep_awake`: read, shown by `policy show` when set, a bad value one error
/// with file:line:col; the shipped `desktop` policy sets it.
@Suite struct KeepAwakeParserTests {
    func parse(_ text: String) throws -> Policy {
        try PolicyParser.parse(text, file: "p.yaml", defaultName: "p")
    }

    @Test func itIsReadAndShownWhenSet() throws {
        let policy = try parse("while_running:\n  keep_awake: true\n")
        #expect(policy.whileRunning?.keepAwake == true)
        #expect(policy.yaml.contains("\n  keep_awake: true\n"))
        #expect(try parse(policy.yaml) == policy)
        let off = try parse("while_running:\n  keep_awake: false\n")
        #expect(off.whileRunning?.keepAwake == false)
        #expect(!off.yaml.contains("keep_awake"))
        #expect(WhileRunning().keepAwake == false)
    }

    @Test func aBadValueSaysWhereAndWhy() {
        #expect(
            throws: PolicyError(
                file: "p.yaml",
                line: 2,
                column: 15,
                message: "while_running.keep_awake must be true or false, not \"yes\""
            )
        ) {
            try parse("while_running:\n  keep_awake: yes\n")
        }
    }

    @Test func theDesktopPolicyKeepsTheMachineAwake() {
        #expect(ShippedPolicies.policy(named: "desktop")?.whileRunning?.keepAwake == true)
        #expect(ShippedPolicies.policy(named: "laptop")?.whileRunning?.keepAwake == false)
    }
}
