import Foundation
import Logging
import MusicdiffCore

extension DaemonLoop {
    /// Reads the config and policy again (on SIGHUP); returns the new settings, or nil when a
    /// file has an error: it is logged, and the last good settings stay.
    func reload() -> DaemonSettings? {
        parts.service.reloading()
        defer { parts.service.ready() }
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
            return fresh
        } catch {
            let kept = settings.withLock { $0.summary }
            logger.error("Reload failed, keeping the last good configuration (\(kept)): \(error)")
            return nil
        }
    }
}
