import Foundation
import Logging
import MusicdiffCore

extension DaemonLoop {
    /// Learns, on SIGUSR2 (which `musicdiff pause` and `resume` send once they have written
    /// the store), of the pause the store now keeps, and tells the machine when it changed.
    func takePause(_ state: inout LoopState) async {
        let kept: Pause?
        do {
            kept = try store.pause()
        } catch {
            logger.error("Cannot read the pause: \(error)")
            return
        }
        guard kept != state.machine.pause else { return }
        let time = ShortTime(now: parts.clock.now(), timeZone: nil)
        if let kept {
            logger.info("Paused \(kept.untilText(time.string)) (musicdiff pause)")
            await feed(.paused(kept), &state)
        } else {
            logger.info("The pause was lifted (musicdiff resume); syncs may start again")
            await feed(.pauseLifted, &state)
        }
    }

    /// The machine's pause ended by itself (its time came, or its condition held): the store
    /// forgets it (unless the user asked for
    /// another meanwhile), and the log says so.
    func endPause(_ pause: Pause, now: Date) {
        let how = pause.until.map { now >= $0 } == true ? "its time came" : pause.condition?.words ?? "ended"
        logger.info("The pause ended (\(how)); syncs may start again")
        do {
            try store.forgetPause(pause)
        } catch {
            logger.error("Cannot forget the pause that ended: \(error)")
        }
    }
}
