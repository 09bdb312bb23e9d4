import Foundation
import Testing

@testable import MusicdiffCore

/// The one list of rules (``Verdict/Rule``) is what the parser, the engine, the texts and the
/// history walk: each rule brings all its parts, and nothing else keeps a list of its own.
@Suite struct RuleListTests {
    @Test func eachRuleHasItsOwnHistoryLetterAndColour() {
        let letters = Verdict.Rule.allCases.map(\.parts.letter)
        #expect(Set(letters).count == letters.count)
        #expect(HistoryCell.ruleLetters.count == Verdict.Rule.allCases.count)
        #expect(HistoryCell.ruleColours.count == Verdict.Rule.allCases.count)
        #expect(!letters.contains { "SXFR.- ?".contains($0) }, "a rule's letter is another cell's")
    }

    @Test func theStepMarksHaveRoomForEveryRule() {
        // RulesInForce keeps one mark per rule inline, in room for 16.
        #expect(Verdict.Rule.allCases.count <= 16)
    }

    @Test func everyReadingOfTheMachineIsJudgedByARule() {
        for reading in MachineReading.allCases {
            #expect(!reading.rules.isEmpty, "no rule judges \(reading)")
        }
    }

    @Test func aWhileRunningRuleHasAStartRuleOfItsName() {
        for (rule, _) in Verdict.Rule.stopRules {
            #expect(rule.parts.reads != nil, "\(rule) stops a run but has no start form to lift it")
        }
        #expect(
            Verdict.Rule.stopRules.map(\.rule) == [.network, .battery, .idle, .powerProfile, .storage, .busy]
        )
    }

    @Test func aPolicyAcceptsEveryRuleOfTheListAndWritesItBack() throws {
        let keys = PolicyParser.keys
        for rule in Verdict.Rule.allCases { #expect(keys.contains(rule.rawValue)) }
        for (rule, _) in Verdict.Rule.relaxable { #expect(PolicyParser.relaxKeys.contains(rule.rawValue)) }
        let yaml = Policy(name: "bare").yaml
        for rule in Verdict.Rule.allCases { #expect(yaml.contains("# \(rule.rawValue): ")) }
    }

    @Test func aPolicyReadsTheReadingsOfItsRules() throws {
        let policy = try PolicyParser.parse(
            "network: { require: online }\nload: { max_per_core: 1 }\nwindow: [\"22:00-07:00\"]\n",
            file: "p.yaml",
            defaultName: "p"
        )
        #expect(policy.readings == [.network, .load])
        #expect(Policy(name: "none").readings == [])
    }
}
