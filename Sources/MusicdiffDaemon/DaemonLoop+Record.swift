import Foundation
import MusicdiffCore

extension DaemonLoop {
    /// The local zone's offset from UTC at `date`, as recorded moments keep it.
    static func utcOffset(at date: Date) -> Int { CivilTime.localOffset(at: date) }
}
