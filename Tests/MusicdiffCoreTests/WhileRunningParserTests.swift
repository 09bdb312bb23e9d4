import Testing

@testable import MusicdiffCore

@Suite struct WhileRunningParserTests {
    func parse(_ text: String) throws(PolicyError) -> Policy {
        try PolicyParser.parse(text, file: "p.yaml", defaultName: "p")
    }

    @Test func theDesignExampleParsesToEveryRule() throws {
        let policy = try parse(
            """
            battery: { min_percent: 40 }
            network: { require: unmetered }
            idle: { min: 10m }
            while_running:                      # optional; absent: nothing stops a running sync
              network: { require: unmetered }   # stop when the network turns metered (or offline)
              battery: { min_percent: 25 }      # on battery, stop below 25 % (the start needed 40 %)
              idle:    { active_for: 30s }      # stop once the user has been active this long
              on_sleep: stop                    # stop (default) | ignore: the machine is about to suspend
              grace: 30s                        # SIGTERM, then SIGKILL after this (default 30s)
            settle: 2m
            """
        )
        #expect(
            policy.whileRunning
                == WhileRunning(
                    network: NetworkRule(require: .unmetered),
                    battery: RunningBatteryRule(minPercent: 25),
                    idle: ActiveRule(activeFor: .seconds(30)),
                    onSleep: .stop,
                    grace: .seconds(30)
                )
        )
        #expect(policy.settle == .seconds(120))
    }

    @Test func absentBlockAndDefaults() throws {
        let none = try parse("min_gap: 6h")
        #expect(none.whileRunning == nil)
        #expect(none.settle == .seconds(120))
        let empty = try parse("while_running: {}\nsettle: 0")
        #expect(empty.whileRunning == WhileRunning(onSleep: .stop, grace: .seconds(30)))
        #expect(empty.settle == .zero)
    }

    @Test func blockStyleSSIDsIgnoreSleepAndALongGrace() throws {
        let policy = try parse(
            """
            battery: { on_battery: deny }
            network: { require: wifi, ssids: [HomeNet] }
            while_running:
              network:
                require: wifi
                ssids: [HomeNet]
              battery:
                min_percent: 60
              on_sleep: ignore
              grace: 2m
            settle: 5m
            """
        )
        #expect(policy.whileRunning?.network == NetworkRule(require: .wifi, ssids: ["HomeNet"]))
        #expect(
            policy.whileRunning?.battery == RunningBatteryRule(minPercent: 60),
            "deny never starts on battery"
        )
        #expect(policy.whileRunning?.onSleep == .ignore)
        #expect(policy.whileRunning?.grace == .seconds(120))
        #expect(policy.settle == .seconds(300))
    }

    @Test func theStopThresholdMayEqualTheStartThreshold() throws {
        let policy = try parse(
            "battery: { min_percent: 40 }\nwhile_running: { battery: { min_percent: 40 } }"
        )
        #expect(policy.whileRunning?.battery?.minPercent == 40)
    }

    /// (text, line, column, message)
    static let malformed: [(String, Int, Int, String)] = [
        (
            "while_runing: {}", 1, 1,
            #"unknown key "while_runing" in a policy (did you mean "while_running"?)"#
        ),
        ("settle: 2x", 1, 9, #""2x" is not a duration (try "30m" or "2m")"#),
        ("settle: -1m", 1, 9, #"settle must not be negative (try "2m")"#),
        (
            "while_running: stop", 1, 16,
            "while_running must be a mapping of rules, like { network: { require: unmetered } }"
        ),
        ("while_running:", 1, 15, "while_running must be a mapping of rules"),
        (
            "while_running:\n  on_slep: stop", 2, 3,
            #"unknown key "on_slep" in while_running (did you mean "on_sleep"?); allowed: network, battery, idle, power_profile, storage, busy, on_sleep, grace, keep_awake"#
        ),
        (
            "while_running: { network: unmetered }", 1, 27,
            "while_running.network must be a mapping like { require: unmetered }"
        ),
        (
            "while_running: { network: { require: metered } }", 1, 38,
            #""metered" is not allowed for while_running.network.require; use any, online, unmetered, wifi or ethernet"#
        ),
        (
            "while_running: { network: { ssids: [a] } }", 1, 27,
            #"while_running.network needs "require": one of any"#
        ),
        (
            "while_running: { network: { require: ethernet, ssids: [Home] } }", 1, 55,
            "ssids apply to Wi-Fi only"
        ),
        (
            "while_running:\n  network: { require: wifi, ssid: [Home] }", 2, 29,
            #"unknown key "ssid" in while_running.network (did you mean "ssids"?)"#
        ),
        (
            "while_running: { battery: 25 }", 1, 27,
            "while_running.battery must be a mapping like { min_percent: 25 }"
        ),
        (
            "while_running: { battery: {} }", 1, 27,
            #"while_running.battery needs "min_percent", like { min_percent: 25 }"#
        ),
        (
            "while_running: { battery: { min_percent: low } }", 1, 42,
            #"while_running.battery.min_percent must be a number, like 25, not "low""#
        ),
        (
            "battery: { min_percent: 40 }\nwhile_running: { battery: { min_percent: 101 } }", 2, 42,
            "while_running.battery.min_percent must be between 0 and 100, not 101"
        ),
        (
            "battery: { min_percent: 40 }\nwhile_running: { battery: { min_percent: -5 } }", 2, 42,
            "while_running.battery.min_percent must be between 0 and 100, not -5"
        ),
        (
            "battery: { min_percent: 40 }\nwhile_running:\n  battery: { min_percent: 45 }", 3, 27,
            "while_running.battery.min_percent 45 is above the start rule's battery.min_percent 40; hysteresis needs the stop threshold at or below the start's"
        ),
        (
            "while_running:\n  battery: { min_percent: 25 }\nbattery: { on_battery: allow, min_percent: 20.5 }",
            2, 27,
            "while_running.battery.min_percent 25 is above the start rule's battery.min_percent 20.5"
        ),
        (
            "while_running: { battery: { min_percent: 25 } }", 1, 42,
            "while_running.battery.min_percent 25 is above the start's threshold: without battery.min_percent a sync starts at any charge; hysteresis needs the stop threshold at or below the start's, so add battery: { min_percent: 25 } or more"
        ),
        (
            "while_running: { battery: { min_percnt: 25 } }", 1, 29,
            #"unknown key "min_percnt" in while_running.battery (did you mean "min_percent"?); allowed: min_percent"#
        ),
        (
            "while_running: { idle: 30s }", 1, 24,
            "while_running.idle must be a mapping like { active_for: 30s }"
        ),
        (
            "while_running: { idle: {} }", 1, 24,
            #"while_running.idle needs an "active_for" duration, like { active_for: 30s }"#
        ),
        (
            "while_running: { idle: { min: 10m } }", 1, 26,
            #"unknown key "min" in while_running.idle; allowed: active_for"#
        ),
        (
            "while_running: { idle: { active_for: 5x } }", 1, 38,
            #""5x" is not a duration (try "30m" or "30s")"#
        ),
        (
            "while_running: { idle: { active_for: 0s } }", 1, 38,
            #"while_running.idle.active_for must be at least 1s (try "30s")"#
        ),
        (
            "while_running: { on_sleep: hibernate }", 1, 28,
            #""hibernate" is not allowed for while_running.on_sleep; use stop or ignore"#
        ),
        (
            "while_running: { on_sleep: [stop] }", 1, 28,
            "while_running.on_sleep must be one of stop or ignore, not a list"
        ),
        ("while_running: { grace: 0 }", 1, 25, #"while_running.grace must be at least 1s (try "30s")"#),
        ("while_running: { grace: soon }", 1, 25, #""soon" is not a duration (try "30m" or "30s")"#),
    ]

    @Test(arguments: malformed)
    func malformedBlocksNameTheLineColumnAndProblem(text: String, line: Int, column: Int, message: String) {
        do {
            _ = try parse(text)
            Issue.record("\(text) parsed")
        } catch {
            #expect(error.file == "p.yaml")
            #expect("\(error.line):\(error.column)" == "\(line):\(column)", "\(text)")
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test(arguments: ShippedPolicies.names)
    func showingAShippedPolicyKeepsItsWhileRunningBlock(name: String) throws {
        let policy = ShippedPolicies.policy(named: name)!
        #expect(try parse(policy.yaml) == policy)
    }

    @Test func showingSpellsOutTheDefaultsOfTheBlock() throws {
        let policy = try parse("idle: { min: 5m }\nwhile_running:\n  idle: { active_for: 90s }\n")
        let yaml = policy.yaml
        #expect(
            yaml.hasSuffix(
                """
                while_running:
                  # network: not checked
                  # battery: not checked
                  idle: { active_for: 1m30s }
                  # power_profile: not checked
                  # storage: not checked
                  # busy: not checked
                  on_sleep: stop
                  grace: 30s
                settle: 2m
                # early: none (a sync never starts before its due time)

                """
            )
        )
        #expect(try parse(yaml) == policy)
        #expect(
            try parse("min_gap: 1h").yaml.contains("\n# while_running: none (nothing stops a running sync)\n")
        )
    }
}
