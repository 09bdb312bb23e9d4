import Foundation
import MusicdiffTestSupport
import Testing

@testable import MusicdiffCore

/// Suspends in the daemon's state machine, on an injected clock: a run that a suspend stops
/// (`while_running.on_sleep: stop`) holds sleep back while it runs, and nothing starts while
/// the machine suspends, whenever the run ends.
@Suite struct DaemonMachineSleepTests {
    typealias Machine = DaemonMachine
    typealias Base = DaemonMachineTests
    static func at(_ seconds: Double) -> Date { Base.at(seconds) }

    /// A machine under `policy` running the sync it started at t0 on an unmetered network, and
    /// what the job's start asked for.
    static func running(_ policy: Policy) -> (Machine, started: [Machine.Action]) {
        var machine = Base.machine(policy)
        _ = machine.handle(.readings(Base.readings(.no)), at: Base.t0)
        _ = machine.handle(.started(persisted: nil, lastRun: nil, lastSuccess: nil, jitter: 0), at: Base.t0)
        let started = machine.handle(.jobStarted, at: Base.t0)
        return (machine, started)
    }

    @Test func sleepStopsARunningSyncWhenThePolicySaysSo() {
        var policy = Base.unmeteredOnly
        policy.whileRunning = WhileRunning(onSleep: .stop, grace: .seconds(30))
        var (machine, started) = Self.running(policy)
        #expect(Base.kinds(started).contains("holdSleep"))
        #expect(
            machine.handle(.sleeping, at: Self.at(5)) == [
                .stopJob(reason: Machine.sleepReason, grace: .seconds(30))
            ]
        )
        let ended = machine.handle(.jobEnded(.stopped, jitter: 0), at: Self.at(6))
        #expect(Base.kinds(ended).prefix(2) == ["releaseSleep", "record sync_end blocked"])
        #expect(machine.phase == .asleep, "stopped for a suspend: nothing starts before the resume")
        #expect(!Base.kinds(machine.handle(.polled(Base.readings(.no)), at: Self.at(7))).contains("start"))
        _ = machine.handle(.resumed, at: Self.at(60))
        #expect(machine.phase == .settling(until: Self.at(180)), "the resume settles, then it starts")
    }

    @Test func aRunTheResumeStartedWaitsForTheNextResumeOnceASuspendStopsIt() {
        // settle 0s: the resume starts the due sync at once, so the run starts at the very
        // moment of the last resume.
        var policy = Base.unmeteredOnly
        policy.settle = .zero
        policy.whileRunning = WhileRunning(onSleep: .stop, grace: .seconds(30))
        var (machine, _) = Self.running(policy)
        _ = machine.handle(.sleeping, at: Self.at(5))
        _ = machine.handle(.jobEnded(.stopped, jitter: 0), at: Self.at(6))
        #expect(machine.phase == .asleep)
        #expect(Base.kinds(machine.handle(.resumed, at: Self.at(60))).last == "start", "settle 0s: at once")
        #expect(Base.kinds(machine.handle(.jobStarted, at: Self.at(60))).contains("holdSleep"))
        #expect(
            machine.handle(.sleeping, at: Self.at(65)) == [
                .stopJob(reason: Machine.sleepReason, grace: .seconds(30))
            ]
        )
        let ended = machine.handle(.jobEnded(.stopped, jitter: 0), at: Self.at(66))
        #expect(Base.kinds(ended).first == "releaseSleep")
        #expect(
            !Base.kinds(ended).contains("start"),
            "no new run (nor delay lock) while the machine suspends"
        )
        #expect(machine.phase == .asleep, "the resume at 60 came before this suspend, not after it")
        #expect(Base.kinds(machine.handle(.resumed, at: Self.at(120))).last == "start")
    }

    @Test func aRunThatEndsWhileTheMachineSuspendsStartsNothingBeforeTheResume() {
        // Stopped for a metered network; the suspend begins while it stops (so it is not
        // stopped for the suspend), and the network is fine again when the job has ended.
        var policy = Base.unmeteredOnly
        policy.settle = .zero
        policy.whileRunning = WhileRunning(network: NetworkRule(require: .unmetered), onSleep: .stop)
        var (machine, _) = Self.running(policy)
        #expect(Base.kinds(machine.handle(.readings(Base.readings(.yes)), at: Self.at(5))).first == "stop")
        #expect(machine.handle(.sleeping, at: Self.at(6)).isEmpty, "already stopping")
        _ = machine.handle(.readings(Base.readings(.no)), at: Self.at(7))
        let ended = machine.handle(.jobEnded(.stopped, jitter: 0), at: Self.at(8))
        #expect(!Base.kinds(ended).contains("start"), "no run while the machine suspends")
        #expect(machine.phase == .asleep)
        #expect(Base.kinds(machine.handle(.resumed, at: Self.at(60))).last == "start", "settle 0s: at once")
    }
}
