import Foundation
import MusicdiffTestSupport
import Testing

@testable import MusicdiffCore

/// The daemon's state machine, one transition at a time: events in, actions out, no clock.
@Suite struct DaemonMachineTests {
    typealias Machine = DaemonMachine
    static let t0 = Fixture.noon
    static let utc = TimeZone(identifier: "UTC")!
    static let sixHours: Duration = .seconds(6 * 3600)

    static func at(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }

    static func machine(_ policy: Policy?, interval: Duration = sixHours) -> Machine {
        let plan = SchedulePlan(schedule: .interval(interval), timeZone: utc)
        return Machine(setup: Machine.Setup(plan: plan, policy: policy, scheduleKey: "every \(interval)"))
    }

    /// A policy that starts on any online network and stops on a metered one: the start rules
    /// do not imply the `while_running` one (the parser refuses it; the machine must not cycle).
    static let looseStart = Policy(
        name: "loose",
        network: NetworkRule(require: .online),
        poll: .seconds(60),
        whileRunning: WhileRunning(network: NetworkRule(require: .unmetered), grace: .seconds(1)),
        settle: .zero
    )

    static let unmeteredOnly = Policy(
        name: "unmetered",
        network: NetworkRule(require: .unmetered),
        settle: .seconds(120)
    )

    /// A start with a sync due in an hour.
    static let dueInAnHour = Machine.Event.started(
        persisted: ScheduleState(nextDue: at(3600)),
        lastRun: nil,
        lastSuccess: nil,
        jitter: 0
    )

    static func readings(_ metered: NetworkState.Metered, ssid: String = "Home") -> Snapshot {
        Snapshot.testing(network: Fixture.network(metered, .wifi, ssid: ssid))
    }

    static func kinds(_ actions: [Machine.Action]) -> [String] {
        actions.map {
            switch $0 {
            case .wait(_, let onReadings): onReadings ? "wait+readings" : "wait"
            case .startJob: "start"
            case .stopJob: "stop"
            case .record(let moment): "record \(moment.kind.rawValue)\(moment.wouldSync ? "" : " blocked")"
            case .save: "save"
            case .holdSleep: "holdSleep"
            case .releaseSleep: "releaseSleep"
            case .status: "status"
            }
        }
    }

    static func waitTime(_ actions: [Machine.Action]) -> Date? {
        actions.lazy.compactMap { if case .wait(let until, _) = $0 { until } else { nil } }.first
    }

    @Test func outsideSmartModeADueSyncRunsAndTheNextIsPlannedFromItsEnd() {
        var machine = Self.machine(nil)
        let start = machine.handle(
            .started(persisted: nil, lastRun: nil, lastSuccess: nil, jitter: 0),
            at: Self.t0
        )
        #expect(Self.kinds(start) == ["record daemon_start blocked", "save", "save", "start"])
        #expect(
            Self.kinds(machine.handle(.jobStarted, at: Self.t0)) == [
                "record sync_start blocked", "status", "wait",
            ]
        )
        let end = machine.handle(.jobEnded(.synced, jitter: 0), at: Self.at(30))
        #expect(Self.kinds(end) == ["record sync_end blocked", "save", "status", "wait"])
        #expect(Self.waitTime(end) == Self.at(30).adding(Self.sixHours))
        #expect(machine.lastSuccess == Self.at(30))
    }

    @Test func aBlockedSyncWaitsForAReadingThatChangesTheDecisionAndRecordsOnlyChanges() {
        var machine = Self.machine(Self.unmeteredOnly)
        _ = machine.handle(.readings(Self.readings(.yes)), at: Self.t0)
        let start = machine.handle(
            .started(persisted: nil, lastRun: nil, lastSuccess: nil, jitter: 0),
            at: Self.t0
        )
        #expect(Self.kinds(start).suffix(3) == ["record decision blocked", "status", "wait+readings"])
        #expect(Self.waitTime(start) == Self.at(60), "the poll tick")
        // The same blockers on a reading change: no record.
        let same = machine.handle(.readings(Self.readings(.guessYes)), at: Self.at(10))
        #expect(Self.kinds(same) == ["status", "wait+readings"])
        // The poll tick (a poll after the last look) records even an unchanged decision.
        #expect(
            machine.handle(.timeReached, at: Self.at(60)) == [.wait(until: Self.at(70), onReadings: true)]
        )
        #expect(Self.kinds(machine.handle(.timeReached, at: Self.at(70))).first == "record decision blocked")
        let cleared = machine.handle(.readings(Self.readings(.no)), at: Self.at(75))
        #expect(Self.kinds(cleared) == ["record decision", "start"])
    }

    @Test func anEarlyWakeUpIsAnsweredWithTheSameWait() {
        var machine = Self.machine(Self.unmeteredOnly)
        _ = machine.handle(Self.dueInAnHour, at: Self.t0)
        let early = machine.handle(.timeReached, at: Self.at(5))
        #expect(early == [.wait(until: Self.at(3600), onReadings: false)])
    }

    @Test func aStoppedSyncIsHeldUntilTheReadingThatStoppedItChanges() {
        var machine = Self.machine(Self.looseStart)
        _ = machine.handle(.readings(Self.readings(.no)), at: Self.t0)
        _ = machine.handle(.started(persisted: nil, lastRun: nil, lastSuccess: nil, jitter: 0), at: Self.t0)
        _ = machine.handle(.jobStarted, at: Self.t0)
        let metered = machine.handle(.readings(Self.readings(.yes, ssid: "Pixel")), at: Self.at(30))
        #expect(
            metered == [.stopJob(reason: "the network is metered", grace: .seconds(1))]
                || Self.kinds(metered) == ["stop"]
        )
        let ended = machine.handle(.jobEnded(.stopped, jitter: 0), at: Self.at(31))
        #expect(
            !Self.kinds(ended).contains("start"),
            "the start rules pass, but the stop's reading has not changed"
        )
        #expect(Self.kinds(ended).contains("record decision blocked"))
        // Poll ticks under the same readings keep holding it.
        for tick in 1...5 {
            #expect(
                !Self.kinds(machine.handle(.timeReached, at: Self.at(31 + 60 * Double(tick)))).contains(
                    "start"
                )
            )
        }
        #expect(machine.schedule.dueSince != nil, "still due")
        let home = machine.handle(.readings(Self.readings(.no)), at: Self.at(400))
        #expect(Self.kinds(home).last == "start")
    }

    @Test func aResumeSettlesAndAReloadThatShortensSettleAppliesAtOnce() {
        var machine = Self.machine(Self.unmeteredOnly)
        _ = machine.handle(.readings(Self.readings(.no)), at: Self.t0)
        _ = machine.handle(Self.dueInAnHour, at: Self.t0)
        _ = machine.handle(.sleeping, at: Self.at(3500))
        #expect(machine.phase == .asleep)
        #expect(Self.kinds(machine.handle(.timeReached, at: Self.at(3600))) == ["wait"])
        let resumed = machine.handle(.resumed, at: Self.at(4000))
        #expect(Self.waitTime(resumed) == Self.at(4120), "settle 2m")
        #expect(machine.phase == .settling(until: Self.at(4120)))
        var shorter = Self.unmeteredOnly
        shorter.settle = .seconds(10)
        let reloaded = machine.handle(.reloaded(machine.setup.with(policy: shorter)), at: Self.at(4030))
        #expect(Self.kinds(reloaded).last == "start", "settle ended at 4010")
    }

    @Test func aPollAfterTheClockWasSetBackDecidesAgainAtOnce() throws {
        var machine = Self.machine(nil)
        _ = machine.handle(.started(persisted: nil, lastRun: nil, lastSuccess: nil, jitter: 0), at: Self.t0)
        _ = machine.handle(.jobStarted, at: Self.t0)
        _ = machine.handle(.jobEnded(.synced, jitter: 0), at: Self.at(10))
        let due = try #require(machine.waiting?.until)
        let past = Self.at(-365 * 86_400)
        #expect(machine.handle(.timeReached, at: past) == [.wait(until: due, onReadings: false)])
        let polled = machine.handle(.polled(Snapshot.testing()), at: past)
        #expect(
            try #require(Self.waitTime(polled)) < due,
            "the due time a year away is planned again from now"
        )
    }

    @Test func aFailureBacksOffAndAScheduleChangeKeepsTheRetry() {
        var machine = Self.machine(nil)
        _ = machine.handle(.started(persisted: nil, lastRun: nil, lastSuccess: nil, jitter: 0), at: Self.t0)
        _ = machine.handle(.jobStarted, at: Self.t0)
        let failed = machine.handle(.jobEnded(.failed, jitter: 0), at: Self.at(10))
        #expect(Self.waitTime(failed) == Self.at(70), "retry after a minute")
        let plan = SchedulePlan(schedule: .interval(.seconds(600)), timeZone: Self.utc)
        let reloaded = machine.handle(
            .reloaded(Machine.Setup(plan: plan, policy: nil, scheduleKey: "every 10m")),
            at: Self.at(20)
        )
        #expect(Self.waitTime(reloaded) == Self.at(70), "the retry is kept")
        #expect(machine.schedule.consecutiveFailures == 1)
    }

    @Test func terminateStopsTheJobAndRecordsTheStopAfterItsEnd() {
        var machine = Self.machine(nil)
        _ = machine.handle(.started(persisted: nil, lastRun: nil, lastSuccess: nil, jitter: 0), at: Self.t0)
        _ = machine.handle(.jobStarted, at: Self.t0)
        #expect(Self.kinds(machine.handle(.terminate, at: Self.at(1))) == ["stop"])
        let ended = machine.handle(.jobEnded(.stopped, jitter: 0), at: Self.at(2))
        #expect(Self.kinds(ended) == ["record sync_end blocked", "save", "record daemon_stop blocked"])
        #expect(machine.phase == .stopped)
        #expect(machine.handle(.timeReached, at: Self.at(3)).isEmpty)
    }

    @Test func aBusyLockWaitsAPollAndARunOutsideMovesTheSchedule() {
        var machine = Self.machine(nil)
        _ = machine.handle(.started(persisted: nil, lastRun: nil, lastSuccess: nil, jitter: 0), at: Self.t0)
        let busy = machine.handle(.lockBusy(holder: "pid 42 (musicdiff sync)"), at: Self.t0)
        #expect(machine.phase == .waitingForLock(holder: "pid 42 (musicdiff sync)"))
        #expect(Self.waitTime(busy) == Self.at(60))
        let outside = machine.handle(.outsideRun(succeeded: true, jitter: 0), at: Self.at(40))
        #expect(Self.waitTime(outside) == Self.at(40).adding(Self.sixHours))
        #expect(machine.lastSuccess == Self.at(40))
    }
}

extension DaemonMachine.Setup {
    /// The same setup with another policy.
    func with(policy: Policy) -> Self { Self(plan: plan, policy: policy, scheduleKey: scheduleKey) }
}
