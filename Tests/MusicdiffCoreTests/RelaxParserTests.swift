import Testing

@testable import MusicdiffCore

@Suite struct RelaxParserTests {
    static let rules = """
        min_gap: 6h
        idle: { min: 10m }
        network: { require: unmetered }
        battery: { min_percent: 40 }
        window: ["22:00-07:00"]
        max_deferral: 48h

        """

    func parse(_ text: String) throws(PolicyError) -> Policy {
        try PolicyParser.parse(text, file: "p.yaml", defaultName: "p")
    }

    /// The design's example but for its battery step, `min_percent: 60` above the base's 40: a
    /// step that asks more is refused (RelaxTighteningTests), so this one asks 30.
    @Test func theDesignExampleParsesToTwoCumulativeSteps() throws {
        let policy = try parse(
            Self.rules + """
                relax:
                  - after: 24h
                    network: { require: online }
                  - after: 36h
                    battery: { min_percent: 30 }
                    idle: off
                """
        )
        #expect(
            policy.relax == [
                RelaxStep(after: .seconds(86_400), network: .replace(NetworkRule(require: .online))),
                RelaxStep(
                    after: .seconds(129_600),
                    idle: .off,
                    battery: .replace(BatteryRule(onBattery: .allow, minPercent: 30))
                ),
            ]
        )
    }

    @Test func everyRuleButMinGapCanBeReplacedOrTurnedOff() throws {
        let policy = try parse(
            Self.rules + "load: { max_per_core: 0.5 }\n" + """
                relax:
                  - after: 1h
                    idle: { min: 1m }
                    network: off
                    load: { max_per_core: 2 }
                    battery: off
                    window: ["00:00-24:00"]
                  - after: 2h
                    window: off
                    load: off
                """
        )
        #expect(policy.relax[0].idle == .replace(IdleRule(min: .seconds(60))))
        #expect(policy.relax[0].network == .off)
        #expect(policy.relax[0].load == .replace(LoadRule(maxPerCore: 2)))
        #expect(policy.relax[0].window == .replace([TimeWindow("00:00-24:00")!]))
        #expect(policy.relax[1].window == .off && policy.relax[1].load == .off)
    }

    @Test func secondsScaleStepsParseForTests() throws {
        let policy = try parse("load: { max_per_core: 0.1 }\nrelax:\n  - after: 3s\n    load: off\n")
        #expect(policy.relax.first?.after == .seconds(3))
    }

    @Test func policyShowPrintsTheLadderAndParsesBackEqual() throws {
        let text =
            Self.rules + """
                relax:
                  - after: 24h
                    network: { require: online }
                  - after: 36h
                    battery: { on_battery: allow, min_percent: 30 }
                    idle: off
                    window: off
                """
        let policy = try parse(text)
        let shown = policy.yaml
        #expect(
            shown.contains(
                """
                relax:
                  - after: 24h
                    network: { require: online }
                  - after: 36h
                    idle: off
                    battery: { on_battery: allow, min_percent: 30 }
                    window: off
                max_deferral: 48h
                """
            ),
            "\(shown)"
        )
        #expect(try parse(shown) == policy)
        #expect(
            try parse("min_gap: 1h\n").yaml.contains("# relax: none (the rules hold until max_deferral)\n")
        )
    }

    @Test(arguments: [
        (
            "relax: 24h\n", 7, 8,
            "relax must be a list of steps, like [{ after: 24h, network: { require: online } }]"
        ),
        (
            "relax: []\n", 7, 8,
            "relax must be a list of steps, like [{ after: 24h, network: { require: online } }]"
        ),
        (
            "relax:\n  - 24h\n", 8, 5,
            "relax[0] must be a mapping like { after: 24h, network: { require: online } }"
        ),
        (
            "relax:\n  - network: off\n", 8, 5,
            "relax[0] needs \"after\": how long overdue it begins, like after: 24h"
        ),
        (
            "relax:\n  - after: 24h\n", 8, 5,
            "relax[0] changes nothing; give a rule to replace, like network: { require: online }, or one to turn off, like idle: off"
        ),
        (
            "relax:\n  - after: 5x\n    idle: off\n", 8, 12,
            "\"5x\" is not a duration (try \"30m\" or \"24h\")"
        ),
        ("relax:\n  - after: 0s\n    idle: off\n", 8, 12, "relax[0].after must be at least 1s (try \"24h\")"),
        (
            "relax:\n  - after: 24h\n    min_gap: 1h\n", 9, 14,
            "min_gap cannot be relaxed: it keeps syncs apart even past max_deferral"
        ),
        (
            "relax:\n  - after: 24h\n    max_deferral: 1h\n", 9, 5,
            "unknown key \"max_deferral\" in relax[0]; allowed: after, idle, network, load, battery, power_profile, storage, busy, window"
        ),
        (
            "relax:\n  - after: 24h\n    netwrok: off\n", 9, 5,
            "unknown key \"netwrok\" in relax[0] (did you mean \"network\"?); allowed: after, idle, network, load, battery, power_profile, storage, busy, window"
        ),
        (
            "relax:\n  - after: 36h\n    idle: off\n  - after: 24h\n    network: off\n", 10, 12,
            "relax[1].after 24h must be later than the step before (36h); list the steps in increasing after"
        ),
        (
            "relax:\n  - after: 24h\n    idle: off\n  - after: 24h\n    network: off\n", 10, 12,
            "relax[1].after 24h must be later than the step before (24h); list the steps in increasing after"
        ),
        (
            "relax:\n  - after: 48h\n    idle: off\n", 8, 12,
            "relax[0].after 48h must be below max_deferral 48h, which waives every rule but min_gap anyway"
        ),
        (
            "relax:\n  - after: 24h\n    load: off\n", 9, 5,
            "relax[0].load: the policy has no load rule to relax; a step can only replace or turn off a rule the policy holds"
        ),
        (
            "relax:\n  - after: 24h\n    idle: off\n  - after: 36h\n    idle: { min: 1m }\n", 11, 11,
            "relax[1].idle: the step at 24h turned idle off; a later step cannot bring it back"
        ),
        (
            "relax:\n  - after: 24h\n    idle: false\n", 9, 11,
            "relax[0].idle must be a mapping like { min: 10m }"
        ),
        (
            "relax:\n  - after: 24h\n    battery: { min_percent: 140 }\n", 9, 29,
            "relax[0].battery.min_percent must be between 0 and 100, not 140"
        ),
        (
            "relax:\n  - after: 24h\n    network: { require: cable }\n", 9, 25,
            "\"cable\" is not allowed for relax[0].network.require; use any, online, unmetered, wifi or ethernet"
        ),
        (
            "relax:\n  - after: 24h\n    window: [\"7-9\"]\n", 9, 14,
            "\"7-9\" is not a time window; write HH:MM-HH:MM, like \"22:00-07:00\""
        ),
    ])
    func mistakesAreErrorsWithLineAndColumn(text: String, line: Int, column: Int, message: String) {
        #expect(throws: PolicyError(file: "p.yaml", line: line, column: column, message: message)) {
            try parse(Self.rules + text)
        }
    }
}
