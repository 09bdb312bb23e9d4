import Foundation
import MusicdiffTestSupport
import Testing

@testable import MusicdiffCore

/// The `busy` rule: another program's idle lock, GameMode, a camera or a microphone in use,
/// as a start rule, a relax step, a `while_running` rule and a `--assume` form.
@Suite struct BusyRuleTests {
    /// A reading with `camera` in use as the sensor words it, every other kind free.
    static let cameraOn: Reading<BusyState> = .known(
        BusyState([
            .idleInhibitor: .free, .gamemode: .free, .camera: .inUse("camera in use (pid 4711 cheese)"),
            .microphone: .free,
        ])
    )
    static let allFree: Reading<BusyState> = .known(
        BusyState(Dictionary(uniqueKeysWithValues: BusyKind.allCases.map { ($0, BusySign.free) }))
    )

    func parse(_ text: String) throws(PolicyError) -> Policy {
        try PolicyParser.parse(text, file: "p.yaml", defaultName: "p")
    }

    let policy = Policy(name: "p", busy: BusyRule([.idleInhibitor, .camera, .microphone]))

    @Test func aCameraInUseBlocksWithWhoHoldsItInTheVerdict() {
        let verdict = Fixture.decide(policy, Snapshot.testing(busy: Self.cameraOn)).verdict(.busy)
        #expect(verdict?.ok == false)
        #expect(verdict?.observed == "camera in use (pid 4711 cheese)")
        #expect(verdict?.required == "no idle-inhibitor, camera, microphone in use")
        #expect(verdict?.reason == "the user is busy: camera in use (pid 4711 cheese)")
        let free = Fixture.decide(policy, Snapshot.testing(busy: Self.allFree)).verdict(.busy)
        #expect(free?.ok == true)
        #expect(free?.observed == "nothing in use")
    }

    @Test func anotherProgramsIdleLockIsNamed() {
        var state = Self.allFree.value!
        state.signs[.idleInhibitor] = .inUse("Firefox: video playing")
        let verdict = Fixture.decide(policy, Snapshot.testing(busy: .known(state))).verdict(.busy)
        #expect(verdict?.ok == false)
        #expect(verdict?.reason == "the user is busy: Firefox: video playing")
    }

    @Test func aKindNotLookedForDoesNotBlock() {
        let gameOnly = Policy(name: "p", busy: BusyRule([.gamemode]))
        #expect(Fixture.decide(gameOnly, Snapshot.testing(busy: Self.cameraOn)).shouldSync)
    }

    @Test func anUnreadableKindIsUnknownWithItsReason() {
        var state = Self.allFree.value!
        state.signs[.microphone] = .unknown("cannot read /proc/asound")
        let verdict = Fixture.decide(policy, Snapshot.testing(busy: .known(state))).verdict(.busy)
        #expect(verdict?.ok == nil)
        #expect(verdict?.reason.contains("microphone: cannot read /proc/asound") == true)
        // A kind in use still blocks beside one that cannot be read.
        state.signs[.camera] = .inUse("camera in use (pid 1 x)")
        #expect(Fixture.decide(policy, Snapshot.testing(busy: .known(state))).verdict(.busy)?.ok == false)
    }

    @Test func policyShowWritesTheRuleBack() throws {
        let parsed = try parse(
            "busy: [microphone, camera, idle-inhibitor]\nrelax:\n  - after: 1h\n    busy: [camera]\n"
                + "while_running:\n  busy: [camera]\n"
        )
        #expect(parsed.busy == BusyRule([.idleInhibitor, .camera, .microphone]))
        #expect(parsed.yaml.contains("\nbusy: [idle-inhibitor, camera, microphone]\n"))
        #expect(parsed.yaml.contains("busy: [camera]"))
        #expect(try parse(parsed.yaml) == parsed)
        #expect(Policy(name: "bare").yaml.contains("# busy: not checked"))
        #expect(parsed.busyKinds == [.idleInhibitor, .camera, .microphone])
    }

    /// (policy, line, column, message).
    static let malformed: [(String, Int, Int, String)] = [
        (
            "busy: [camera, webcam]", 1, 16,
            #""webcam" is not allowed for busy; use idle-inhibitor, gamemode, camera or microphone"#
        ),
        (
            "busy: camera", 1, 7,
            "busy must be a list of kinds, like [idle-inhibitor, gamemode, camera, microphone]"
        ),
        ("busy: []", 1, 7, "busy must be a list of kinds"),
        ("busy: { camera: true }", 1, 7, "busy must be a list of kinds"),
        (
            "busy: [camera]\nrelax:\n  - after: 1h\n    busy: [camera, microphone]", 4, 11,
            "relax[0].busy [camera, microphone] does not allow all"
        ),
        (
            "busy: [camera]\nwhile_running:\n  busy: [camera, microphone]", 3, 9,
            "while_running.busy [camera, microphone] would stop at once a sync started while microphone is in use"
        ),
        ("while_running:\n  busy: [camera, mic]", 2, 18, #""mic" is not allowed for while_running.busy"#),
    ]

    @Test(arguments: malformed)
    func policyCheckNamesTheLineColumnAndProblem(text: String, line: Int, column: Int, message: String) {
        expectRefused(text, line: line, column: column, message: message)
    }

    @Test func aRelaxStepMayDropIt() throws {
        let policy = try parse("busy: [camera]\nrelax:\n  - after: 1h\n    busy: off\n")
        let overdue = Snapshot.testing(dueSince: Fixture.noon.addingTimeInterval(-7200), busy: Self.cameraOn)
        let decision = Fixture.decide(policy, overdue)
        #expect(decision.shouldSync)
        #expect(decision.verdict(.busy)?.ok == false)
        let early = Snapshot.testing(dueSince: Fixture.noon.addingTimeInterval(-60), busy: Self.cameraOn)
        #expect(!Fixture.decide(policy, early).shouldSync)
    }

    @Test func whileRunningACallStopsTheSyncAndIsLookedAtEachSecond() throws {
        let policy = try parse("busy: [camera, microphone]\nwhile_running:\n  busy: [camera, microphone]\n")
        let now = Fixture.noon
        let quiet = PolicyEngine.whileRunning(policy, on: Snapshot.testing(busy: Self.allFree), at: now)
        #expect(!quiet.shouldStop)
        #expect(quiet.recheckIn == .seconds(1))
        let call = PolicyEngine.whileRunning(policy, on: Snapshot.testing(busy: Self.cameraOn), at: now)
        #expect(call.stopReason == "the user is busy: camera in use (pid 4711 cheese)")
        let unknown = PolicyEngine.whileRunning(policy, on: Snapshot.testing(), at: now)
        #expect(!unknown.shouldStop)
        #expect(
            WhileRunning.stopClause(policy.whileRunning) == "it stops if a camera or microphone is in use"
        )
    }

    @Test func assumingWhatIsInUseDecidesAsIfTheSensorsSaidIt() throws {
        let camera = Snapshot.testing(busy: Self.allFree).assuming(
            [try Assumption("busy=camera")],
            at: Fixture.noon
        )
        let verdict = Fixture.decide(policy, camera).verdict(.busy)
        #expect(verdict?.ok == false)
        #expect(verdict?.observed == "camera in use (assumed)")
        let none = Snapshot.testing(busy: Self.cameraOn).assuming(
            [try Assumption("busy=none")],
            at: Fixture.noon
        )
        #expect(Fixture.decide(policy, none).verdict(.busy)?.ok == true)
        let lock = try Assumption("busy=idle-inhibitor,microphone")
        #expect(lock.value == .busy([.idleInhibitor, .microphone]))
        #expect(throws: AssumptionError.self) { try Assumption("busy=webcam") }
    }

    @Test func theWireFieldsReadBackToTheSameReading() {
        var state = Self.cameraOn.value!
        state.signs[.microphone] = .unknown("cannot read /proc/asound")
        state.signs[.gamemode] = nil
        #expect(BusyState(fields: state.fields) == state)
        #expect(BusyState(fields: ["free", "bogus", "free", "free"]) == nil)
    }
}
