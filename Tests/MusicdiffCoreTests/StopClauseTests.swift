import Testing

@testable import MusicdiffCore

@Suite struct StopClauseTests {
    @Test func theDesignsExample() {
        let rules = WhileRunning(
            network: NetworkRule(require: .unmetered),
            battery: RunningBatteryRule(minPercent: 25),
            idle: ActiveRule(activeFor: .seconds(30))
        )
        #expect(
            WhileRunning.stopClause(rules)
                == "it stops if the network turns metered, the battery falls below 25 %, or the user is active for 30s"
        )
    }

    @Test func absentOrEmptyNothingStopsIt() {
        #expect(WhileRunning.stopClause(nil) == "nothing stops it")
        #expect(WhileRunning.stopClause(WhileRunning(onSleep: .ignore)) == "nothing stops it")
        #expect(
            WhileRunning.stopClause(WhileRunning(network: NetworkRule(require: .any), onSleep: .ignore))
                == "nothing stops it"
        )
        #expect(WhileRunning.stopClause(WhileRunning()) == "it stops only if the machine goes to sleep")
    }

    @Test func oneAndTwoConditions() {
        #expect(
            WhileRunning.stopClause(WhileRunning(idle: ActiveRule(activeFor: .seconds(90))))
                == "it stops if the user is active for 1m30s"
        )
        #expect(
            WhileRunning.stopClause(
                WhileRunning(
                    network: NetworkRule(require: .online),
                    battery: RunningBatteryRule(minPercent: 12.5)
                )
            ) == "it stops if the network goes offline or the battery falls below 12.5 %"
        )
    }

    @Test(arguments: [
        (NetworkRule(require: .wifi), "it stops if the network is no longer Wi-Fi"),
        (NetworkRule(require: .ethernet), "it stops if the network is no longer Ethernet"),
        (
            NetworkRule(require: .unmetered, ssids: ["HomeNet", "Office"]),
            #"it stops if the network turns metered or moves to a Wi-Fi other than "HomeNet" or "Office""#
        ),
    ])
    func networkForms(rule: NetworkRule, clause: String) {
        #expect(WhileRunning.stopClause(WhileRunning(network: rule)) == clause)
    }
}
