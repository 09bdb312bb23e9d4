import Foundation
import MusicdiffTestSupport
import Testing

@testable import MusicdiffCore

/// The policy's `early` window in the daemon's state machine, on an injected clock: inside it
/// a sync starts as soon as every rule holds unrelaxed, once per due time, and the schedule
/// then counts from that run.
@Suite struct DaemonMachineEarlyTests {
    typealias Machine = DaemonMachine
    typealias Base = DaemonMachineTests
    static func at(_ seconds: Double) -> Date { Base.at(seconds) }

    /// Unmetered network, up to 2h early; a relax step and max_deferral that must not apply early.
    static let early = Policy(
        name: "early",
        network: NetworkRule(require: .unmetered),
        relax: [RelaxStep(after: .seconds(60), network: .off)],
        maxDeferral: .seconds(120),
        poll: .seconds(60),
        settle: .zero,
        early: .seconds(7200)
    )

    /// A machine due at t0+3h, on a metered network until `home` says otherwise.
    static func machine(plan: SchedulePlan? = nil) -> Machine {
        var machine = Base.machine(Self.early)
        if let plan {
            machine = Machine(setup: Machine.Setup(plan: plan, policy: Self.early, scheduleKey: "cron"))
        }
        _ = machine.handle(.readings(Base.readings(.yes)), at: Base.t0)
        return machine
    }

    static let dueIn3h = Machine.Event.started(
        persisted: ScheduleState(nextDue: at(3 * 3600)),
        lastRun: nil,
        lastSuccess: nil,
        jitter: 0
    )

    @Test func beforeTheWindowTheMachineSleepsUntilItBegins() {
        var machine = Self.machine()
        let start = machine.handle(Self.dueIn3h, at: Base.t0)
        #expect(Base.waitTime(start) == Self.at(3600))
        #expect(start.last == .wait(until: Self.at(3600), onReadings: false))
        #expect(start.contains(.status(.nextSync(Self.at(3 * 3600)))))
    }

    @Test(arguments: [(3599.0, false), (3600.0, true), (10_799.0, true)])
    func theWindowsEdges(seconds: Double, opens: Bool) {
        var machine = Self.machine()
        _ = machine.handle(.readings(Base.readings(.no)), at: Base.t0)
        _ = machine.handle(Self.dueIn3h, at: Base.t0)
        let then = machine.handle(.timeReached, at: Self.at(seconds))
        #expect(Base.kinds(then).contains("start") == opens, "\(Base.kinds(then))")
    }

    @Test func insideTheWindowTheSyncStartsOnceEveryRuleHoldsUnrelaxed() {
        var machine = Self.machine()
        _ = machine.handle(Self.dueIn3h, at: Base.t0)
        // Metered: no start; the relax step (network off after 1m) and max_deferral do not apply.
        let opened = machine.handle(.timeReached, at: Self.at(3600))
        #expect(!Base.kinds(opened).contains("start"))
        #expect(opened.last == .wait(until: Self.at(3660), onReadings: true))
        let later = machine.handle(.timeReached, at: Self.at(3660 + 600))
        #expect(!Base.kinds(later).contains("start"), "still not relaxed \(Base.kinds(later))")
        let home = machine.handle(.readings(Base.readings(.no)), at: Self.at(5000))
        #expect(Base.kinds(home) == ["record decision", "start"])
        _ = machine.handle(.jobStarted, at: Self.at(5000))
        let end = machine.handle(.jobEnded(.synced, jitter: 0), at: Self.at(5030))
        #expect(
            machine.schedule.nextDue == Self.at(5030).adding(Base.sixHours),
            "the interval counts from the run"
        )
        #expect(Base.waitTime(end) == Self.at(5030).adding(Base.sixHours - .seconds(7200)))
    }

    @Test func aFailedEarlyRunIsNotTriedAgainBeforeTheDueTimeWhichStands() {
        var machine = Self.machine()
        _ = machine.handle(.readings(Base.readings(.no)), at: Base.t0)
        _ = machine.handle(Self.dueIn3h, at: Base.t0)
        #expect(Base.kinds(machine.handle(.timeReached, at: Self.at(3600))).last == "start")
        _ = machine.handle(.jobStarted, at: Self.at(3600))
        let failed = machine.handle(.jobEnded(.failed, jitter: 0), at: Self.at(3610))
        #expect(!Base.kinds(failed).contains("start"))
        #expect(machine.schedule.nextDue == Self.at(3 * 3600))
        #expect(Base.waitTime(failed) == Self.at(3 * 3600))
        #expect(Base.kinds(machine.handle(.timeReached, at: Self.at(3 * 3600))).last == "start")
    }

    @Test func aCronScheduleAfterAnEarlyRunPlansFromTheDueTimeItReplaced() throws {
        // Due at 15:00 (noon + 3h) every day; the early run at 13:30 must not bring 15:00 back.
        let plan = SchedulePlan(schedule: .cron(try CronExpression("0 15 * * *")), timeZone: Base.utc)
        var machine = Self.machine(plan: plan)
        _ = machine.handle(.readings(Base.readings(.no)), at: Base.t0)
        _ = machine.handle(Self.dueIn3h, at: Base.t0)
        #expect(Base.kinds(machine.handle(.timeReached, at: Self.at(5400))).last == "start")
        _ = machine.handle(.jobStarted, at: Self.at(5400))
        _ = machine.handle(.jobEnded(.synced, jitter: 0), at: Self.at(5460))
        let due = machine.handle(.timeReached, at: Self.at(3 * 3600))
        #expect(!Base.kinds(due).contains("start"), "\(Base.kinds(due))")
        #expect(machine.schedule.nextDue == Self.at(3 * 3600 + 86_400))
    }

    /// An `early` window as long as the interval (or longer) would open again the moment an
    /// early run ends: the interval counts from that run, so its next due time is again inside
    /// the window. The machine must not run back to back.
    @Test(arguments: [3600.0, 7200.0])
    func anEarlyWindowAsLongAsTheIntervalDoesNotSyncBackToBack(interval: Double) {
        var machine = Base.machine(Self.early, interval: .seconds(interval))
        _ = machine.handle(.readings(Base.readings(.no)), at: Base.t0)
        let start = machine.handle(
            .started(
                persisted: ScheduleState(nextDue: Self.at(1800)),
                lastRun: nil,
                lastSuccess: nil,
                jitter: 0
            ),
            at: Base.t0
        )
        #expect(Base.kinds(start).last == "start", "\(Base.kinds(start))")
        _ = machine.handle(.jobStarted, at: Base.t0)
        let end = machine.handle(.jobEnded(.synced, jitter: 0), at: Self.at(30))
        #expect(!Base.kinds(end).contains("start"), "\(Base.kinds(end))")
        let soon = machine.handle(.timeReached, at: Self.at(90))
        #expect(!Base.kinds(soon).contains("start"), "\(Base.kinds(soon))")
    }
}
