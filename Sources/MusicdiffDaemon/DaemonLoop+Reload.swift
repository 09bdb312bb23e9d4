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
        parts.service.reloading()
        defer { parts.service.ready() }
        do {
            let fresh = try DaemonSettings.load(options: parts.options, home: parts.home)
            settings.withLock { $0 = fresh }
            if fresh.policy != nil { startSensors() }
            logger.info("Reloaded configuration: \(fresh.summary)")
            waker.signal(.reload)
            return true
        } catch {
            let kept = settings.withLock { $0.summary }
            logger.error("Reload failed, keeping the last good configuration (\(kept)): \(error)")
            return false
        }
    }
}
