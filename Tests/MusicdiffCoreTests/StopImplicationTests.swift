import Testing

@testable import MusicdiffCore

/// A `while_running` rule the start rules do not imply would stop at once a sync they start,
/// over and over (issue 20, item 1): the parser refuses it, pointing at the rule.
@Suite struct StopImplicationTests {
    func parse(_ text: String) throws(PolicyError) -> Policy {
        try PolicyParser.parse(text, file: "p.yaml", defaultName: "p")
    }

    /// (policy, line, column, message): the three policies of the issue first.
    static let refused: [(String, Int, Int, String)] = [
        (
            "network: { require: online }\nwhile_running: { network: { require: unmetered }, grace: 1s }\nsettle: 0s",
            2, 27,
            "while_running.network { require: unmetered } would stop at once a sync that network:"
                + " { require: online } starts, over and over; the start rules must imply it, like network:"
                + " { require: unmetered }"
        ),
        (
            "while_running: {network: {require: unmetered}}", 1, 26,
            "while_running.network { require: unmetered } would stop at once a sync started without a"
                + " network rule (on any network)"
        ),
        (
            "while_running: {idle: {active_for: 1s}}", 1, 23,
            "while_running.idle stops a sync once the user has been active for 1s, but without an idle"
                + " rule a sync starts while the user is active, so it would start and stop over and over;"
                + " add a start rule like idle: { min: 5m }"
        ),
        (
            "idle: { min: 0s }\nwhile_running:\n  idle: { active_for: 30s }", 3, 9,
            "but with idle: { min: 0s } a sync starts while the user is active"
        ),
        ("network: { require: any }\nwhile_running:\n  network: { require: online }", 3, 12, "any }"),
        ("network: { require: wifi }\nwhile_running:\n  network: { require: unmetered }", 3, 12, "wifi }"),
        ("network: { require: unmetered }\nwhile_running:\n  network: { require: wifi }", 3, 12, "wifi"),
        ("network: { require: wifi }\nwhile_running:\n  network: { require: ethernet }", 3, 12, "ethernet"),
        (
            "network: { require: wifi }\nwhile_running:\n  network: { require: wifi, ssids: [Home] }", 3, 12,
            #"ssids: ["Home"]"#
        ),
        (
            "network: { require: wifi, ssids: [Home, Cafe] }\nwhile_running:\n  network: { require: online, ssids: [Home] }",
            3, 12, "would stop at once"
        ),
        (
            "battery: { min_percent: 30 }\nwhile_running:\n  battery: { min_percent: 35 }", 3, 27,
            "while_running.battery.min_percent 35 is above the start rule's battery.min_percent 30"
        ),
    ]

    @Test(arguments: refused)
    func aStopRuleTheStartRulesDoNotImplyIsRefusedAtTheRule(
        text: String,
        line: Int,
        column: Int,
        message: String
    ) {
        do {
            let policy = try parse(text)
            Issue.record("accepted: \(policy)")
        } catch {
            #expect("\(error.line):\(error.column)" == "\(line):\(column)", "\(text)")
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    static let accepted: [String] = [
        "network: { require: unmetered }\nwhile_running: { network: { require: unmetered } }",
        "network: { require: unmetered }\nwhile_running: { network: { require: online } }",
        "network: { require: wifi }\nwhile_running: { network: { require: online } }",
        "network: { require: ethernet }\nwhile_running: { network: { require: any } }",
        "while_running: { network: { require: any } }",
        "network: { require: ethernet }\nwhile_running: { network: { require: online, ssids: [Home] } }",
        "network: { require: unmetered, ssids: [Home] }\nwhile_running: { network: { require: unmetered, ssids: [Home, Cafe] } }",
        "idle: { min: 1s }\nwhile_running: { idle: { active_for: 1s } }",
        "battery: { on_battery: deny }\nwhile_running: { battery: { min_percent: 90 } }",
        "while_running: { battery: { min_percent: 0 }, on_sleep: ignore }",
        // A relax step that loosens the start rule lifts the stop rule of the same name while
        // the relaxed rule allows the run (PolicyEngine.liftedRules): no cycle.
        "network: { require: unmetered }\nidle: { min: 10m }\nrelax:\n  - after: 1h\n    network: { require: online }\n"
            + "    idle: off\nwhile_running: { network: { require: unmetered }, idle: { active_for: 1m } }",
    ]

    @Test(arguments: accepted)
    func startRulesThatImplyTheStopRulesAreAccepted(text: String) throws {
        _ = try parse(text)
    }

    @Test func aStartRuleWithAnErrorOfItsOwnIsNotJudgedAgain() {
        let (_, errors) = PolicyParser.check(
            "network: { require: metered }\nwhile_running: { network: { require: unmetered } }",
            file: "p.yaml",
            defaultName: "p"
        )
        #expect(errors.map(\.line) == [1])
    }

    @Test(arguments: ShippedPolicies.names)
    func everyShippedPolicyImpliesItsStopRules(name: String) {
        let policy = ShippedPolicies.policy(named: name)!
        #expect(StopImplication.all.compactMap { $0.gap(policy) } == [])
    }
}
