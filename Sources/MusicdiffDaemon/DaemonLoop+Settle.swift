import Foundation
import Logging
import MusicdiffCore

#if canImport(Glibc)
    import Glibc
#endif

/// The kernel's clocks that tell a suspend apart.
public enum BootClock {
    /// How long the machine has been suspended since it booted, from the kernel's clocks.
    public static func suspendedSinceBoot() -> Duration {
        #if canImport(Glibc)
            var boot = timespec()
            var monotonic = timespec()
            guard clock_gettime(CLOCK_BOOTTIME, &boot) == 0, clock_gettime(CLOCK_MONOTONIC, &monotonic) == 0
            else {
                return .zero
            }
            return .seconds(boot.tv_sec - monotonic.tv_sec) + .nanoseconds(boot.tv_nsec - monotonic.tv_nsec)
        #else
            return .zero
        #endif
    }
}

/// What the loop knows of the machine's last suspend.
struct ResumeState: Sendable {
    /// `CLOCK_BOOTTIME` minus `CLOCK_MONOTONIC` when last looked at: the time spent
    /// suspended since boot, which grows only across a suspend; nil before the first look.
    var suspendedSoFar: Duration?
    /// When the machine last resumed; no sync starts for the policy's `settle` after it,
    /// measured by the policy in force (a reload that changes `settle` moves the end).
    var resumedAt: Date?
    /// Between logind's announcement of a suspend and of the resume: no sync starts.
    var asleep = false
    /// The settle end last written to the store (for `daemon status` and `why-not`), and
    /// whether one was written since the daemon started.
    var recorded: Date?
    var recordedOnce = false
}

extension DaemonLoop {
    /// A suspend shorter than this is not taken for one (the two clocks drift apart a little).
    static let noticeableSuspend: Duration = .seconds(2)

    /// Starts the policy's `settle` period after a resume that logind reported or that the
    /// boot-time clock shows; no sync starts until it is over.
    func noteResume(at now: Date, how: String) {
        resume.withLock { $0.resumedAt = now }
        recordSettle(at: now)
        guard let settle = settings.withLock({ $0.policy?.policy.settle }), settle > .zero else { return }
        logger.info("Resumed (\(how)); no sync starts for \(DurationText.format(settle))")
    }

    /// When the settle period after a resume at `resume` ends; nil when `policy` has none.
    static func settleEnd(after resume: Date, _ policy: Policy) -> Date? {
        policy.settle > .zero ? resume.adding(policy.settle) : nil
    }

    /// The end of the settle period in force at `now`, by the policy in force: nil when there
    /// is none, or it is over.
    func settleEnd(at now: Date) -> Date? {
        guard let resumed = resume.withLock({ $0.resumedAt }),
            let policy = settings.withLock({ $0.policy?.policy }),
            let until = Self.settleEnd(after: resumed, policy), now < until
        else { return nil }
        return until
    }

    /// Keeps the store's settle end (what `daemon status` and `why-not` show) in step with
    /// ``settleEnd(at:)``: moved by a reload, removed once it is over; written only on a change.
    func recordSettle(at now: Date) {
        let until = settleEnd(at: now)
        let changed = resume.withLock { state -> Bool in
            defer { (state.recorded, state.recordedOnce) = (until, true) }
            return !state.recordedOnce || state.recorded != until
        }
        guard changed else { return }
        try? store.setValue(until.map { String($0.timeIntervalSince1970) }, for: StateStore.Key.settleUntil)
    }

    /// Whether the boot-time clock moved ahead of the monotonic one since the last look: the
    /// machine was suspended, which counts as a resume when logind did not say so.
    func checkBootClock(now: Date) {
        let suspended = parts.clock.suspendedSinceBoot()
        let grown = resume.withLock { state -> Duration in
            defer { state.suspendedSoFar = suspended }
            return suspended - (state.suspendedSoFar ?? suspended)
        }
        if grown >= Self.noticeableSuspend {
            noteResume(at: now, how: "suspended for \(DurationText.format(grown)), by the boot-time clock")
        }
    }

    /// Until when a sync must wait: the end of the settle period after a resume, or (while a
    /// suspend is coming) until further notice; nil when it need not.
    func settling(at now: Date) -> Date? {
        if resume.withLock({ $0.asleep }) { return .distantFuture }
        return settleEnd(at: now)
    }
}
