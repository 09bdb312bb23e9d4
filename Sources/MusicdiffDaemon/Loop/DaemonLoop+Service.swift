import Foundation
import MusicdiffCore

extension DaemonLoop {
    /// Tells systemd (and the loop's watcher) what the daemon waits for now, when the line
    /// differs from the last one told: it rides on the loop's decisions, with no wake-up of
    /// its own.
    func announce(_ status: LoopStatus) {
        let text = status.text(now: parts.clock.now())
        let changed = lastStatus.withLock { last -> Bool in
            defer { last = text }
            return last != text
        }
        guard changed else { return }
        // READY=1 goes with the first status line, so `systemctl status` never shows the
        // daemon started without one.
        if toldReady.withLock({ told in
            defer { told = true }; return told
        }) {
            parts.service.status(text)
        } else {
            parts.service.ready(status: text)
        }
        parts.onEvent(.status(text))
    }

    /// Pings systemd's watchdog when it is due (or the clock went back past the last ping),
    /// and returns when the next ping is due; nil without a watchdog. Called from the loop's
    /// own waits, so a wedged loop stops pinging and systemd restarts it.
    func pingWatchdog(now: Date) -> Date? {
        guard let every = parts.service.watchdogEvery else { return nil }
        let (next, due) = lastPing.withLock { last -> (Date, Bool) in
            if let last, now >= last, now < last.adding(every) { return (last.adding(every), false) }
            last = now
            return (now.adding(every), true)
        }
        if due {
            parts.service.watchdog()
            parts.onEvent(.watchdog)
        }
        return next
    }
}
