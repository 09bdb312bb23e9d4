import Foundation
import MusicdiffTestSupport
import Testing

@testable import MusicdiffCore

/// The user's pause in the daemon's state machine, on an injected clock: it holds due and
/// manual syncs (not forced ones), stops a running one, and ends by its time, by its
/// condition, or by `resume`.
@Suite struct DaemonMachinePauseTests {
    typealias Machine = DaemonMachine
    typealias Base = DaemonMachineTests
    static func at(_ seconds: Double) -> Date { Base.at(seconds) }
    static let dueNow = Machine.Event.started(persisted: nil, lastRun: nil, lastSuccess: nil, jitter: 0)

    /// A machine outside smart mode, paused from t0 with `pause`, then started with a sync due.
    static func pausedMachine(_ pause: Pause, policy: Policy? = nil) -> (Machine, [Machine.Action]) {
        var machine = Base.machine(policy)
        #expect(
            machine.handle(.paused(pause), at: Base.t0).isEmpty,
            "before the start it only keeps the pause"
        )
        let start = machine.handle(Self.dueNow, at: Base.t0)
        return (machine, start)
    }

    static func onBattery(_ on: Bool) -> Snapshot {
        Snapshot.testing(battery: Fixture.battery(onBattery: on, percent: 80))
    }

    @Test(arguments: [
        // (pause length in s, when the timer comes, whether the sync starts then)
        (7200.0, 7199.0, false), (7200.0, 7200.0, true), (60.0, 61.0, true),
    ])
    func aPauseHoldsADueSyncUntilItsTime(length: Double, later: Double, starts: Bool) {
        let pause = Pause(since: Base.t0, until: Self.at(length))
        var (machine, start) = Self.pausedMachine(pause)
        #expect(!Base.kinds(start).contains("start"))
        #expect(Base.kinds(start).suffix(3) == ["record decision blocked", "status", "wait"])
        #expect(start.contains(.status(.paused(pause))))
        #expect(Base.waitTime(start) == Self.at(length))
        #expect(machine.phase == .paused(pause))
        let then = machine.handle(.timeReached, at: Self.at(later))
        #expect(Base.kinds(then).contains("start") == starts, "\(Base.kinds(then))")
        #expect((machine.pause == nil) == starts)
    }

    @Test func thePausedMomentCarriesThePauseForTheHistory() {
        let (_, start) = Self.pausedMachine(Pause(since: Base.t0))
        let recorded = start.compactMap { if case .record(let moment) = $0 { moment } else { nil } }
        #expect(recorded.last?.kind == .decision)
        #expect(recorded.last?.failed == [Machine.pausedMoment])
        let grid = HistoryGrid.build(
            moments: recorded,
            runs: [],
            days: 1,
            now: Self.at(3600),
            timeZone: Base.utc,
            daemonRunning: true
        )
        let cell = grid.days[0].cells[Int(LocalInstant(date: Base.t0, utcOffset: 0).secondOfDay / 1800)]
        #expect(cell == .paused && cell.letter == "P")
    }

    @Test func aPauseUntilOnACEndsWhenTheReadingSaysSo() {
        var machine = Base.machine(nil)
        _ = machine.handle(.readings(Self.onBattery(true)), at: Base.t0)
        _ = machine.handle(.paused(Pause(since: Base.t0, condition: .ac)), at: Base.t0)
        let start = machine.handle(Self.dueNow, at: Base.t0)
        #expect(Base.kinds(start).suffix(2) == ["status", "wait+readings"], "a reading may end it")
        #expect(Base.waitTime(start) == .distantFuture)
        let still = machine.handle(.readings(Self.onBattery(true)), at: Self.at(10))
        #expect(!Base.kinds(still).contains("start"))
        let plugged = machine.handle(.readings(Self.onBattery(false)), at: Self.at(20))
        #expect(Base.kinds(plugged).contains("start"))
        #expect(machine.pause == nil)
    }

    @Test func anUnknownReadingNeverEndsAConditionPause() {
        let pause = Pause(since: Base.t0, condition: .unmetered)
        #expect(!pause.hasEnded(at: Self.at(1e6), on: Snapshot.unread()))
        let home = Snapshot.testing(network: Fixture.network(.no))
        #expect(pause.hasEnded(at: Self.at(1), on: home))
        let idle = Pause(since: Base.t0, condition: .idle)
        let away = Snapshot.testing(idle: Fixture.idle(since: Base.t0))
        #expect(!idle.hasEnded(at: Self.at(599), on: away) && idle.hasEnded(at: Self.at(600), on: away))
    }

    @Test func aPauseStopsTheRunningSyncWhichStaysDueUntilResume() {
        var machine = Base.machine(nil)
        _ = machine.handle(Self.dueNow, at: Base.t0)
        _ = machine.handle(.jobStarted, at: Base.t0)
        let pause = Pause(since: Self.at(30))
        let stop = machine.handle(.paused(pause), at: Self.at(30))
        #expect(stop == [.stopJob(reason: Machine.pauseReason, grace: WhileRunning.defaultGrace)])
        let ended = machine.handle(.jobEnded(.stopped, jitter: 0), at: Self.at(31))
        #expect(!Base.kinds(ended).contains("start"))
        #expect(machine.phase == .paused(pause))
        #expect(machine.schedule.dueSince != nil, "a stopped sync stays due")
        let resumed = machine.handle(.pauseLifted, at: Self.at(40))
        #expect(Base.kinds(resumed).last == "start")
    }

    @Test func aManualSyncIsHeldButAForcedOneRuns() {
        var machine = Base.machine(nil)
        _ = machine.handle(Base.dueInAnHour, at: Base.t0)
        let pause = Pause(since: Base.t0, until: Self.at(600))
        _ = machine.handle(.paused(pause), at: Base.t0)
        #expect(machine.handle(.runNow(force: false), at: Self.at(1)) == [.status(.paused(pause))])
        #expect(Base.kinds(machine.handle(.runNow(force: true), at: Self.at(2))) == ["start"])
    }

    @Test func aPauseIsKeptAndReadBackWhole() {
        let pauses = [
            Pause(since: Base.t0), Pause(since: Base.t0, until: Self.at(7200)),
            Pause(since: Base.t0, until: Self.at(60), condition: .idle),
            Pause(since: Base.t0, condition: .ac),
        ]
        for pause in pauses { #expect(Pause(stored: pause.stored) == pause) }
        for damaged in [
            "", "since=x until=- condition=-", "since=1 until=- condition=moon",
            "since=1 until=inf condition=-",
        ] {
            #expect(Pause(stored: damaged) == nil, "\(damaged)")
        }
        #expect(
            Pause(since: Base.t0, until: Self.at(60), condition: .ac).untilText { _ in "16:00" }
                == "until 16:00 or on AC"
        )
        #expect(Pause(since: Base.t0).untilText { _ in "" } == "until musicdiff resume")
    }
}
