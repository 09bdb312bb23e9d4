import Foundation
import MusicdiffCore

/// The input-device interrupt total last seen, and when it last changed.
package struct InputActivity: Sendable, Equatable {
    /// Sum of the input devices' interrupt counts.
    package var total: UInt64
    /// When the total was first seen at this value.
    package var changedAt: Date
}

/// Where ``ProcIdleSensor`` keeps the last ``InputActivity`` between readings.
package protocol InputActivityMemory: Sendable {
    /// The last record, if any.
    func load() -> InputActivity?
    /// Replaces the record.
    func save(_ activity: InputActivity)
}

/// Keeps the record in a small file (`$MUSICDIFF_HOME/input-activity`), so that one-shot
/// commands such as `why-not` and the daemon share what they have seen.
package struct FileInputActivityMemory: InputActivityMemory {
    /// The file.
    package let path: String

    /// Creates the memory; the file is written only when its folder exists.
    package init(path: String) { self.path = path }

    /// Reads `TOTAL CHANGED_AT_EPOCH_SECONDS`.
    package func load() -> InputActivity? {
        guard let text = SysFile.read(path) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count == 2, let total = UInt64(fields[0]),
            case .success(let seconds) = OutsideNumber.time.check(text: fields[1])
        else { return nil }
        return InputActivity(total: total, changedAt: Date(timeIntervalSince1970: seconds))
    }

    /// Writes the record atomically; a failure to write only costs the idle history.
    package func save(_ activity: InputActivity) {
        let text = "\(activity.total) \(activity.changedAt.timeIntervalSince1970)\n"
        try? Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
