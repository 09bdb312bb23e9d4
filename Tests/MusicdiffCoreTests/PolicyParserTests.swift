import Testing

@testable import MusicdiffCore

@Suite struct PolicyParserTests {
    func parse(_ text: String) throws(PolicyError) -> Policy {
        try PolicyParser.parse(text, file: "p.yaml", defaultName: "p")
    }

    @Test func theDesignExampleParsesToEveryRule() throws {
        let policy = try parse(
            """
            name: laptop
            description: Sync when I'm away, on an unmetered network, on AC or a healthy battery.
            min_gap: 6h                 # no sync if the last successful one was less than this ago
            idle:      { min: 10m }     # the user has been idle at least this long
            network:   { require: unmetered }
            load:      { max_per_core: 0.7 }
            battery:   { on_battery: allow, min_percent: 40 }
            window:    ["22:00-07:00"]
            on_unknown: pass
            max_deferral: 48h
            poll: 60s
            """
        )
        #expect(
            policy
                == Policy(
                    name: "laptop",
                    description: "Sync when I'm away, on an unmetered network, on AC or a healthy battery.",
                    minGap: .seconds(21_600),
                    idle: IdleRule(min: .seconds(600)),
                    network: NetworkRule(require: .unmetered),
                    load: LoadRule(maxPerCore: 0.7),
                    battery: BatteryRule(onBattery: .allow, minPercent: 40),
                    window: [TimeWindow(start: 22 * 60, end: 7 * 60)],
                    onUnknown: .pass,
                    maxDeferral: .seconds(172_800),
                    poll: .seconds(60)
                )
        )
    }

    @Test func absentRulesStayAbsentAndTheNameDefaultsToTheFile() throws {
        let policy = try parse("min_gap: 3600\n")
        #expect(policy == Policy(name: "p", minGap: .seconds(3600)))
    }

    @Test func blockStyleAndSSIDsAndASingleWindowString() throws {
        let policy = try parse(
            """
            network:
              require: wifi
              ssids:
                - HomeNet
                - "Office 5G"
            window: "00:00-24:00"
            on_unknown: block
            """
        )
        #expect(policy.network == NetworkRule(require: .wifi, ssids: ["HomeNet", "Office 5G"]))
        #expect(policy.window == [TimeWindow(start: 0, end: 1440)])
        #expect(policy.onUnknown == .block)
    }

    @Test(arguments: ShippedPolicies.names)
    func showingAPolicyGivesYAMLThatParsesBackToIt(name: String) throws {
        let policy = ShippedPolicies.policy(named: name)!
        #expect(try parse(policy.yaml) == policy)
    }

    /// (text, line, column, message)
    static let malformed: [(String, Int, Int, String)] = [
        (
            "min_gp: 6h", 1, 1,
            #"unknown key "min_gp" in a policy (did you mean "min_gap"?); allowed: name, description, min_gap, idle, network, load, battery, power_profile, storage, busy, window, on_unknown, relax, max_deferral, poll, while_running, settle, early"#
        ),
        ("min_gap: 5x", 1, 10, #""5x" is not a duration (try "30m" or "6h")"#),
        ("min_gap: -5m", 1, 10, #"min_gap must not be negative (try "6h")"#),
        ("min_gap: [6h]", 1, 10, #"min_gap must be a duration like "6h", not a list"#),
        ("min_gap:", 1, 9, #"min_gap must be a duration like "6h", not nothing"#),
        ("idle: 10m", 1, 7, "idle must be a mapping like { min: 10m }"),
        ("idle: {}", 1, 7, #"idle needs a "min" duration, like { min: 10m }"#),
        ("idle: { mins: 10m }", 1, 9, #"unknown key "mins" in idle (did you mean "min"?); allowed: min"#),
        (
            "network: { require: cellular }", 1, 21,
            #""cellular" is not allowed for network.require; use any, online, unmetered, wifi or ethernet"#
        ),
        (
            "network: { ssids: [a] }", 1, 10,
            #"network needs "require": one of any, online, unmetered, wifi, ethernet"#
        ),
        (
            "network: { require: ethernet, ssids: [Home] }", 1, 38,
            "ssids apply to Wi-Fi only; use them with require: wifi, unmetered or online"
        ),
        (
            "network: { require: wifi, ssids: HomeNet }", 1, 34,
            #"network.ssids must be a list, like ["HomeNet"]"#
        ),
        (
            "network: { require: wifi, ssids: [] }", 1, 34,
            #"network.ssids must name at least one, like ["HomeNet"]"#
        ),
        ("load: { max_per_core: high }", 1, 23, #"load.max_per_core must be a number, like 0.7, not "high""#),
        ("load: { max_per_core: 0 }", 1, 23, "load.max_per_core must be greater than 0, like 0.7"),
        (
            "load: { max_per_core: \"0.7\" }", 1, 23,
            #"load.max_per_core must be a number, like 0.7, not "0.7""#
        ),
        ("battery: { min_percent: 140 }", 1, 25, "battery.min_percent must be between 0 and 100, not 140"),
        ("battery: { min_percent: -1 }", 1, 25, "battery.min_percent must be between 0 and 100, not -1"),
        (
            "battery: { on_battery: maybe }", 1, 24,
            #""maybe" is not allowed for battery.on_battery; use allow or deny"#
        ),
        (
            "battery: { on_battery: deny, min_percent: 40 }", 1, 43,
            "battery.min_percent has no effect with on_battery: deny; remove one of them"
        ),
        (
            "window: [\"25:00-07:00\"]", 1, 10,
            #""25:00-07:00" is not a time window; write HH:MM-HH:MM, like "22:00-07:00""#
        ),
        (
            "window: [\"22:00\"]", 1, 10,
            #""22:00" is not a time window; write HH:MM-HH:MM, like "22:00-07:00""#
        ),
        (
            "window: [\"10:00-10:00\"]", 1, 10,
            #""10:00-10:00" is empty: it starts where it ends; for all day write "00:00-24:00""#
        ),
        ("window: []", 1, 9, #"window must list at least one range, like ["22:00-07:00"]"#),
        ("on_unknown: maybe", 1, 13, #""maybe" is not allowed for on_unknown; use pass or block"#),
        ("max_deferral: 0", 1, 15, #"max_deferral must be at least 1s (try "48h")"#),
        ("poll: 0s", 1, 7, #"poll must be at least 1s (try "60s")"#),
        ("name: \"my policy\"", 1, 7, #"name must be one word without "/", like "laptop""#),
        ("", 1, 1, #"the file is empty; a policy needs at least one rule, like "min_gap: 6h""#),
        ("- min_gap: 6h", 1, 1, #"a policy must be a mapping of rules, like "min_gap: 6h""#),
        (
            "min_gap: 6h\nmin_gap: 2h", 1, 1,
            #""min_gap" appears more than once in the same mapping; keep one"#
        ),
        ("idle: { min: 10m\nload: 1", 1, 7, #""{" opened here is not closed with "}""#),
        (
            "name: laptop\n  poll: 60s", 2, 7,
            #"a ":" where no key can start: this line is indented 2 spaces, unlike the keys above it; line it up with them, or quote a value that holds ": ""#
        ),
        (
            "min_gap:6h\nidle: { min: 10m }", 1, 8,
            #"no space after the ":" of min_gap; a key needs one (write "min_gap: 6h")"#
        ),
        (
            "min_gap: 6h\n\tidle: { min: 10m }", 2, 1,
            "a tab character; YAML indents and separates with spaces only: replace it with spaces"
        ),
        (
            "min_gap: 6h\n---\nidle: { min: 10m }", 2, 1,
            #"a second document ("---"); the file holds one: remove this line, or merge what follows into the first"#
        ),
        ("min_gap: 106751991167300d23h", 1, 10, #"min_gap must be at most 100 years (36525d) (try "6h")"#),
        ("min_gap: 9223372036854775807", 1, 10, #"min_gap must be at most 100 years (36525d) (try "6h")"#),
        ("poll: 99999999999999999999999s", 1, 7, #"poll must be at most 100 years (36525d) (try "60s")"#),
        ("max_deferral: 36526d", 1, 15, #"max_deferral must be at most 100 years (36525d) (try "48h")"#),
        ("min_gap: &gap 6h", 1, 10, "anchors (&name) are not allowed here; write the value out"),
        ("idle: { min: 1m }\nload: *x", 2, 7, "aliases (*name) are not allowed here; write the value out"),
        (
            String(repeating: "[", count: 40) + String(repeating: "]", count: 40), 1, 33,
            "nested more than 32 levels deep; a policy or config needs a few"
        ),
        (
            "\nmin_gap: 6h\n\nbattery:\n  on_battery: allow\n  min_percnt: 40\n", 6, 3,
            #"unknown key "min_percnt" in battery (did you mean "min_percent"?); allowed: on_battery, min_percent"#
        ),
    ]

    @Test func aliasesUsedAsKeysAreRefusedBeforeTheyCostAnything() {
        // Each level doubles the keys' size: 7 levels took 1.3 s and 9 took 79 s before.
        var text = "a0: &a0 [x, x]\n"
        for level in 1...12 {
            text += "a\(level): &a\(level) {*a\(level - 1): *a\(level - 1), b: *a\(level - 1)}\n"
        }
        #expect(
            throws: PolicyError(
                file: "bomb.yaml",
                line: 1,
                column: 5,
                message: "anchors (&name) are not allowed here; write the value out"
            )
        ) { try PolicyParser.parse(text, file: "bomb.yaml", defaultName: "bomb") }
    }

    @Test(arguments: malformed)
    func malformedPoliciesNameTheLineColumnAndProblem(text: String, line: Int, column: Int, message: String) {
        #expect(throws: PolicyError(file: "p.yaml", line: line, column: column, message: message)) {
            try parse(text)
        }
    }

    @Test func errorsPrintAsFileLineColumnMessage() {
        let error = PolicyError(file: "laptop.yaml", line: 4, column: 8, message: "\"5x\" is not a duration")
        #expect(error.description == "laptop.yaml:4:8: \"5x\" is not a duration")
    }
}
