import Testing

@testable import MusicdiffCore

/// A ladder loosens: a relax step whose rule asks more than the one in force before it is
/// refused at that rule (issue 20, item 10).
@Suite struct RelaxTighteningTests {
    static let rules = """
        idle: { min: 10m }
        network: { require: online }
        load: { max_per_core: 0.7 }
        battery: { min_percent: 40 }
        window: ["22:00-07:00"]
        relax:

        """

    /// (steps, line, column, message); the steps begin on line 7.
    static let refused: [(String, Int, Int, String)] = [
        (
            "  - after: 1h\n    battery: { min_percent: 60 }", 8, 14,
            "relax[0].battery { on_battery: allow, min_percent: 60 } does not allow all that battery:"
                + " { on_battery: allow, min_percent: 40 } before it allowed; a step may only loosen a rule"
        ),
        ("  - after: 1h\n    battery: { on_battery: deny }", 8, 14, "relax[0].battery { on_battery: deny }"),
        (
            "  - after: 1h\n    network: { require: unmetered }", 8, 14,
            "relax[0].network { require: unmetered }"
        ),
        ("  - after: 1h\n    network: { require: wifi }", 8, 14, "relax[0].network { require: wifi }"),
        ("  - after: 1h\n    idle: { min: 20m }", 8, 11, "relax[0].idle { min: 20m } does not allow all"),
        ("  - after: 1h\n    load: { max_per_core: 0.5 }", 8, 11, "relax[0].load { max_per_core: 0.5 }"),
        ("  - after: 1h\n    window: [\"23:00-07:00\"]", 8, 13, #"relax[0].window ["23:00-07:00"]"#),
        (
            "  - after: 1h\n    idle: { min: 2m }\n  - after: 2h\n    idle: { min: 5m }", 10, 11,
            "relax[1].idle { min: 5m } does not allow all that idle: { min: 2m } before it allowed"
        ),
    ]

    @Test(arguments: refused)
    func aStepThatAsksMoreIsRefused(steps: String, line: Int, column: Int, message: String) {
        do {
            let policy = try PolicyParser.parse(Self.rules + steps, file: "p.yaml", defaultName: "p")
            Issue.record("accepted: \(policy.relax)")
        } catch {
            #expect("\(error.line):\(error.column)" == "\(line):\(column)", "\(steps)")
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    static let accepted: [String] = [
        "  - after: 1h\n    battery: { min_percent: 40 }\n    idle: { min: 10m }",
        "  - after: 1h\n    battery: { min_percent: 30 }\n  - after: 2h\n    battery: {}",
        "  - after: 1h\n    network: { require: any }\n    load: { max_per_core: 2 }",
        "  - after: 1h\n    window: [\"20:00-09:00\"]\n  - after: 2h\n    window: [\"00:00-24:00\"]",
        "  - after: 1h\n    idle: off\n    network: off",
    ]

    @Test(arguments: accepted)
    func aStepThatLoosensOrKeepsIsAccepted(steps: String) throws {
        _ = try PolicyParser.parse(Self.rules + steps, file: "p.yaml", defaultName: "p")
    }

    @Test(arguments: [
        (NetworkRule(require: .unmetered), NetworkRule(require: .online), true),
        (NetworkRule(require: .online), NetworkRule(require: .unmetered), false),
        (NetworkRule(require: .wifi), NetworkRule(require: .ethernet), false),
        (NetworkRule(require: .wifi, ssids: ["Home"]), NetworkRule(require: .wifi), true),
        (NetworkRule(require: .wifi), NetworkRule(require: .wifi, ssids: ["Home"]), false),
        (NetworkRule(require: .ethernet), NetworkRule(require: .online, ssids: ["Home"]), true),
        (NetworkRule(require: .online), NetworkRule(require: .any), true),
        (NetworkRule(require: .any), NetworkRule(require: .online), false),
    ])
    func aNetworkRuleAllowsAllOfAStricterOne(stricter: NetworkRule, looser: NetworkRule, allows: Bool) {
        #expect(looser.allowsAll(of: stricter) == allows)
    }
}
