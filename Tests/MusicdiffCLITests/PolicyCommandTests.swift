import Foundation
import Testing

@Suite struct PolicyCommandTests {
    @Test func listShowsShippedPoliciesAndAUserPolicyShadowingOne() throws {
        let fixture = try CLIFixture()
        try fixture.write("home/policies/laptop.yaml", "description: Mine.\nmin_gap: 1h\n")
        let result = try fixture.run("policy", "list")
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 5)
        #expect(lines.first?.hasPrefix("laptop") == true)
        #expect(lines.first?.contains("Mine.") == true)
        #expect(lines.first?.contains("shadows the shipped one") == true)
        #expect(result.stdout.contains("[shipped]"))
    }

    @Test func showPrintsTheResolvedPolicyWithDefaults() throws {
        let fixture = try CLIFixture()
        try fixture.write("home/policies/mine.yaml", "min_gap: 90m\n")
        let result = try fixture.run("policy", "show", "mine")
        #expect(result.status == 0)
        #expect(
            result.stdout == """
                # mine, from \(fixture.home)/policies/mine.yaml
                name: mine
                min_gap: 1h30m
                # idle: not checked
                # network: not checked
                # load: not checked
                # battery: not checked
                # power_profile: not checked
                # storage: not checked
                # busy: not checked
                # window: any time
                on_unknown: pass
                # relax: none (the rules hold until max_deferral)
                # max_deferral: never
                poll: 1m
                # while_running: none (nothing stops a running sync)
                settle: 2m
                # early: none (a sync never starts before its due time)

                """
        )
    }

    @Test func showSpellsOutWhileRunningDefaults() throws {
        let fixture = try CLIFixture()
        try fixture.write(
            "home/policies/mine.yaml",
            "battery: { min_percent: 40 }\nwhile_running:\n  battery: { min_percent: 25 }\nsettle: 5m\n"
        )
        let result = try fixture.run("policy", "show", "mine")
        #expect(result.status == 0)
        #expect(
            result.stdout.hasSuffix(
                """
                poll: 1m
                while_running:
                  # network: not checked
                  battery: { min_percent: 25 }
                  # idle: not checked
                  # power_profile: not checked
                  # storage: not checked
                  # busy: not checked
                  on_sleep: stop
                  grace: 30s
                settle: 5m
                # early: none (a sync never starts before its due time)

                """
            )
        )
    }

    @Test func showOfTheShippedLaptopPrintsItsWhileRunningBlock() throws {
        let result = try CLIFixture().run("policy", "show", "laptop")
        #expect(result.status == 0)
        #expect(
            result.stdout.hasSuffix(
                """
                while_running:
                  network: { require: unmetered }
                  battery: { min_percent: 25 }
                  idle: { active_for: 1m }
                  # power_profile: not checked
                  # storage: not checked
                  busy: [camera, microphone]
                  on_sleep: stop
                  grace: 30s
                settle: 2m
                # early: none (a sync never starts before its due time)

                """
            )
        )
    }

    @Test func showOfTheShippedLaptopPrintsItsLadder() throws {
        let result = try CLIFixture().run("policy", "show", "laptop")
        #expect(result.status == 0)
        #expect(
            result.stdout.contains(
                """
                on_unknown: pass
                relax:
                  - after: 12h
                    idle: { min: 2m }
                  - after: 24h
                    load: { max_per_core: 1.5 }
                    battery: { on_battery: allow, min_percent: 30 }
                  - after: 36h
                    idle: off
                    network: { require: online }
                max_deferral: 48h

                """
            ),
            "\(result.stdout)"
        )
    }

    @Test func checkReportsAStopThresholdAboveTheStartOne() throws {
        let fixture = try CLIFixture()
        try fixture.write(
            "flap.yaml",
            "battery: { min_percent: 30 }\nwhile_running:\n  battery: { min_percent: 35 }\n"
        )
        let result = try fixture.run("policy", "check", fixture.root + "/flap.yaml")
        #expect(result.status == 1)
        #expect(
            result.stderr
                == "\(fixture.root)/flap.yaml:3:27: while_running.battery.min_percent 35 is above the start rule's"
                + " battery.min_percent 30; hysteresis needs the stop threshold at or below the start's\n1 error in 1 file\n"
        )
    }

    @Test func checkReportsEachBadFileWithLineAndColumnAndExitsOne() throws {
        let fixture = try CLIFixture()
        try fixture.write("good.yaml", "min_gap: 6h\n")
        try fixture.write("bad.yaml", "min_gap: 6h\nidle:\n  min: 5x\n")
        let result = try fixture.run(
            "policy",
            "check",
            fixture.root + "/good.yaml",
            fixture.root + "/bad.yaml"
        )
        #expect(result.status == 1)
        #expect(result.stdout == "\(fixture.root)/good.yaml: ok (policy good)\n")
        #expect(
            result.stderr
                == "\(fixture.root)/bad.yaml:3:8: \"5x\" is not a duration (try \"30m\" or \"10m\")\n1 error in 1 file\n"
        )
    }

    @Test func checkReportsEveryErrorOfAFileInLineOrderWithACount() throws {
        let fixture = try CLIFixture()
        try fixture.write("many.yaml", "min_gap: 5x\nmin_gapp: 6h\nidle: { min: soon }\npoll: 0s\n")
        try fixture.write("more.yaml", "load: { max_per_core: lots }\n")
        let result = try fixture.run(
            "policy",
            "check",
            fixture.root + "/many.yaml",
            fixture.root + "/more.yaml"
        )
        #expect(result.status == 1)
        let many = fixture.root + "/many.yaml"
        #expect(
            result.stderr == """
                \(many):1:10: "5x" is not a duration (try "30m" or "6h")
                \(many):2:1: unknown key "min_gapp" in a policy (did you mean "min_gap"?); allowed: name, description, min_gap, idle, network, load, battery, power_profile, storage, busy, window, on_unknown, relax, max_deferral, poll, while_running, settle, early
                \(many):3:14: "soon" is not a duration (try "30m" or "10m")
                \(many):4:7: poll must be at least 1s (try "60s")
                \(fixture.root)/more.yaml:1:23: load.max_per_core must be a number, like 0.7, not "lots"
                5 errors in 2 files

                """
        )
    }

    @Test func checkOfAMissingFileIsAOneLineError() throws {
        let fixture = try CLIFixture()
        let result = try fixture.run("policy", "check", "/nonexistent/p.yaml")
        #expect(result.status == 1)
        #expect(result.stderr == "/nonexistent/p.yaml: no such file\n1 error in 1 file\n")
    }

    @Test func checkTakesNamesAsShowDoes() throws {
        let fixture = try CLIFixture()
        let shipped = try fixture.run("policy", "check", "laptop")
        #expect(shipped.status == 0, "\(shipped.stderr)")
        #expect(shipped.stdout == "laptop: ok (policy laptop, shipped)\n")
        try fixture.write("home/policies/mine.yaml", "min_gap: 6h\nidle: { min: 5x }\n")
        let user = try fixture.run("policy", "check", "mine")
        #expect(user.status == 1)
        #expect(
            user.stderr.hasPrefix(fixture.home + "/policies/mine.yaml:2:14: \"5x\" is not a duration"),
            "\(user.stderr)"
        )
        let unknown = try fixture.run("policy", "check", "lapptop")
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("laptop"), "the names there are: \(unknown.stderr)")
    }

    @Test func showOfAnUnknownNameListsWhatExists() throws {
        let result = try CLIFixture().run("policy", "show", "lapptop")
        #expect(result.status == 1)
        #expect(
            result.stderr.hasPrefix("musicdiff: no policy named \"lapptop\" (did you mean \"laptop\"?): ")
        )
        #expect(result.stderr.contains("available: conservative, default, desktop, laptop, server"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }
}
