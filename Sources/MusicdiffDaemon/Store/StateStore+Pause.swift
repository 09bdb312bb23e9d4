import Foundation
import GRDB
import MusicdiffCore

extension StateStore {
    /// The key of the user's pause among the daemon's values (``Pause/stored`` form).
    static let pauseKey = "pause"

    /// The pause the user asked for, if any; a damaged one reads as none.
    package func pause() throws(DaemonError) -> Pause? {
        try value(Self.pauseKey).flatMap(Pause.init(stored:))
    }

    /// Keeps `pause` (nil: forgets it), for the daemon and for a daemon not yet running.
    package func setPause(_ pause: Pause?) throws(DaemonError) {
        try setValue(pause?.stored, for: Self.pauseKey)
    }

    /// Forgets `pause` if it is still the one kept: a pause that ended by itself must not
    /// take a newer one the user asked for meanwhile with it.
    func forgetPause(_ pause: Pause) throws(DaemonError) {
        try perform("forget the pause") {
            try database.write { db in
                try db.execute(
                    sql: "DELETE FROM daemon_value WHERE key = ? AND value = ?",
                    arguments: [Self.pauseKey, pause.stored]
                )
            }
        }
    }
}
