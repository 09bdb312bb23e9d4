import Foundation
import MusicdiffCore
import MusicdiffDaemon

/// The readings reply a `why-not` reads from `daemon.sock`: any bytes give readings or a
/// reason they are unreadable, never a trap or a hang. What it accepts keeps every number in
/// range, is judged by a shipped policy without a trap, and written out again reads back to
/// the same reply (the daemon's writer and `why-not`'s reader agree).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard
        case .success(let reply) = DaemonReadings.parse(Array(UnsafeBufferPointer(start: data, count: size)))
    else { return 0 }
    check(reply)
    let written = reply.line()
    guard case .success(let again) = DaemonReadings.parse(written) else {
        fatalError(
            "the reply written from an accepted one does not read back: \(String(decoding: written, as: UTF8.self))"
        )
    }
    guard again.line() == written else {
        fatalError(
            "a reply written, read and written again changed: \(String(decoding: written, as: UTF8.self))"
        )
    }
    return 0
}

/// The invariants of an accepted reply.
func check(_ reply: DaemonReadings) {
    let at = reply.at.timeIntervalSince1970
    precondition(at.isFinite && at >= 0, "a reply's time out of range: \(at)")
    guard let machine = reply.machine else { return }
    if case .known(let battery) = machine.battery, let percent = battery.percent {
        precondition(percent.isFinite && (0...100).contains(percent), "a battery percentage of \(percent)")
    }
    if case .known(let load) = machine.load {
        precondition(load.oneMinute.isFinite && load.oneMinute >= 0, "a load of \(load.oneMinute)")
        precondition(load.cpus >= 1, "\(load.cpus) CPUs")
    }
    if case .known(let idle) = machine.idle, let since = idle.idleSince {
        precondition(since.timeIntervalSince1970.isFinite, "an idle start of \(since)")
    }
    // The engine words every reading it is given: no number may trap it.
    let snapshot = machine.snapshot(lastSync: .known(.never), dueSince: reply.at)
    for name in ShippedPolicies.names {
        guard let policy = ShippedPolicies.policy(named: name) else { continue }
        let decision = PolicyEngine.decide(
            policy,
            on: snapshot,
            at: LocalInstant(date: reply.at, utcOffset: 0)
        )
        for verdict in decision.verdicts { _ = (verdict.observed, verdict.required, verdict.reason) }
        _ = PolicyEngine.whileRunning(policy, on: snapshot, at: reply.at).stopReason
    }
}
