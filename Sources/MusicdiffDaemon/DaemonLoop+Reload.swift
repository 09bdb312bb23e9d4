import Foundation
import Logging
import MusicdiffCore
import UnixSignals

extension DaemonLoop {
    /// Reloads the config and policy on every SIGHUP. A file with an error is logged with it,
    /// and the last good settings stay.
    func watchReloads(_ hangups: UnixSignalsSequence) async {
        for await _ in hangups {
            reload()
        }
    }

    /// Reloads now; returns whether the new settings were taken.
    @discardableResult
    func reload() -> Bool {
        // Before the first READY=1 (a SIGHUP during start-up) systemd is told nothing.
        let told = toldReady.withLock { $0 }
        if told { parts.service.reloading() }
        defer { if told { parts.service.ready(status: lastStatus.withLock { $0 }) } }
        do {
            let fresh = try DaemonSettings.load(options: parts.options, home: parts.home)
            settings.withLock { $0 = fresh }
            do {
                try store.saveDaemonSettings(
                    mode: fresh.mode,
                    summary: fresh.summary,
                    policy: fresh.policy.map { _ in parts.options.policy ?? fresh.config.daemon.policy }
                )
            } catch {
                logger.error("Cannot record the reloaded settings for daemon status: \(error)")
            }
            if fresh.policy != nil { startSensors() }
            logger.info("Reloaded configuration: \(fresh.summary)")
            reloads.withLock { $0 = $0.adding(.reloaded(fresh.summary)) }
            waker.signal(.reload)
            return true
        } catch {
            let kept = settings.withLock { $0.summary }
            logger.error("Reload failed, keeping the last good configuration (\(kept)): \(error)")
            reloads.withLock { $0 = $0.adding(.failed("\(error)")) }
            return false
        }
    }
}
