import Foundation
import Logging
import MusicdiffCore

#if canImport(Glibc)
    import Glibc
#endif

/// The kernel's clocks that tell a suspend apart.
enum BootClock {
    /// How long the machine has been suspended since it booted, from the kernel's clocks.
    package static func suspendedSinceBoot() -> Duration {
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

extension DaemonLoop {
    /// A suspend shorter than this is not taken for one (the two clocks drift apart a little).
    static let noticeableSuspend: Duration = .seconds(2)

    /// When the settle period after a resume at `resume` ends; nil when `policy` has none.
    static func settleEnd(after resume: Date, _ policy: Policy) -> Date? {
        policy.settle > .zero ? resume.adding(policy.settle) : nil
    }
}
