import Testing

@testable import MusicdiffCore

/// Inputs the fuzz targets of `Tests/Fuzz` failed on, one test each, named after the input.
@Suite struct FuzzRegressionTests {
    func parse(_ text: String) throws(PolicyError) -> Policy {
        try PolicyParser.parse(text, file: "p.yaml", defaultName: "p")
    }

    /// `battery: { min_percent: 1e300 }` trapped: the error message rounded the number to an `Int`.
    @Test func aHugeMinPercentIsAnErrorNotATrap() {
        #expect(
            throws: PolicyError(
                file: "p.yaml",
                line: 1,
                column: 25,
                message: "battery.min_percent must be between 0 and 100, not 1e+300"
            )
        ) {
            try parse("battery: { min_percent: 1e300 }")
        }
    }

    /// `load: { max_per_core: 1e300 }` parsed, then trapped when shown or explained.
    @Test func aHugeLoadLimitShowsAndExplains() throws {
        let policy = try parse("load: { max_per_core: 1e300 }")
        #expect(policy.yaml.contains("load: { max_per_core: 1e+300 }"))
        #expect(Verdict.decimal(-1e300) == "-1e+300")
    }

    /// `load: { max_per_core: 0.123 }` was shown as 0.12, a different policy.
    @Test func aLoadLimitWithThreeDecimalsShowsExactly() throws {
        let policy = try parse("load: { max_per_core: 0.123 }\nbattery: { min_percent: 40 }")
        #expect(policy.yaml.contains("load: { max_per_core: 0.123 }"))
        #expect(policy.yaml.contains("battery: { on_battery: allow, min_percent: 40 }"))
        #expect(try parse(policy.yaml) == policy)
    }

    /// `while_running: { battery: { min_percent: 20.123 } }` was shown as 20.12.
    @Test func aRunningBatteryMinimumWithThreeDecimalsShowsExactly() throws {
        let policy = try parse(
            "battery: { min_percent: 40 }\nwhile_running: { battery: { min_percent: 20.123 } }"
        )
        #expect(try parse(policy.yaml) == policy)
    }

    /// `description: "\x7f"` was shown raw, which YAML refuses; `"\u0085x"` (NEL) came back
    /// as a space; so did line and paragraph separators, in an SSID too.
    @Test(arguments: [
        #"description: "\x7f""#, #"description: "\u0085x""#, #"description: "a\u2028b\u2029c""#,
        #"description: "\ufeff\uffff\x9f""#, #"network: { require: wifi, ssids: ["\u2028"] }"#,
    ])
    func textYAMLCannotHoldRawIsShownEscaped(text: String) throws {
        let policy = try parse(text)
        #expect(try parse(policy.yaml) == policy)
    }

    /// `name: "#x"` was shown bare, which YAML reads as a comment; so were `null` and `x:`.
    @Test(arguments: ["#x", "null", "x:", "-", "café", "a b"])
    func aNameThatIsNotAPlainWordIsShownQuoted(name: String) throws {
        let policy = Policy(name: name)
        #expect(policy.yaml.hasPrefix("name: \(Policy.quoted(name))\n"))
    }

    @Test func aPlainNameIsShownBare() {
        #expect(Policy(name: "my-policy_2.1").yaml.hasPrefix("name: my-policy_2.1\n"))
    }
}
