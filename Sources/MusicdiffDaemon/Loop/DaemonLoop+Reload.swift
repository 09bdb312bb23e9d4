import Foundation
import Logging
import MusicdiffCore

extension DaemonLoop {
    /// Reads the config and policy again (on SIGHUP); returns the new settings, or nil when a
    /// file has an error: it is logged, and the last good settings stay. Either way the outcome
    /// goes into ``reloads``, which `musicdiff daemon reload` asks for on `daemon.sock`.
    func reload() -> DaemonSettings? {
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
            logger.info("Reloaded configuration: \(fresh.summary)")
            reloads.withLock { $0 = $0.adding(.reloaded(fresh.summary)) }
            return fresh
        } catch {
            let kept = settings.withLock { $0.summary }
            logger.error("Reload failed, keeping the last good configuration (\(kept)): \(error)")
            reloads.withLock { $0 = $0.adding(.failed("\(error)")) }
            return nil
        }
    }
}
