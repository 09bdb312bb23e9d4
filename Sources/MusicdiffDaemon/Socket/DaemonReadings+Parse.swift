import Foundation
import MusicdiffCore

extension DaemonReadings {
    /// Who sent a reply, as the reason of a reading whose number is refused names it: `the
    /// daemon reported a battery percentage of inf`.
    static let sender = "the daemon"

    /// The reply in `bytes`, or why it cannot be used. Its numbers are checked as every number
    /// from outside is (``OutsideNumber``): a reading with one that is not finite or out of its
    /// range is unknown, saying so; a damaged first line makes the reply unreadable.
    package static func parse(_ bytes: [UInt8]) -> Result<DaemonReadings, ReadingsSocket.Failure> {
        let lines = String(decoding: bytes, as: UTF8.self).split(
            separator: "\n",
            omittingEmptySubsequences: false
        )
        .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(unescaped) }
        guard let head = lines.first, head.first == "musicdiff-readings", head.count == 4 else {
            return .failure(
                .unreadable(bytes.isEmpty ? "an empty reply" : "a reply that is not a readings line")
            )
        }
        guard head[1] == String(currentVersion) else {
            return .failure(.unreadable("a reply of version \(head[1]), not \(currentVersion)"))
        }
        guard let pid = Int32(head[2]), case .success(let at) = OutsideNumber.time.check(text: head[3]) else {
            return .failure(.unreadable("a reply whose first line is damaged"))
        }
        guard let end = lines.firstIndex(of: ["end"]) else {
            return .failure(.unreadable("a reply that ends early"))
        }
        var reply = DaemonReadings(pid: pid, at: Date(timeIntervalSince1970: at), snapshot: nil)
        var byName: [String: [String]] = [:]
        for fields in lines[1..<end] { byName[fields[0]] = Array(fields.dropFirst()) }
        if let loop = byName.removeValue(forKey: "loop") {
            guard let view = LoopView.parse(loop) else {
                return .failure(.unreadable("a damaged machine state"))
            }
            reply.loop = view
        }
        guard !byName.isEmpty else { return .success(reply) }
        var machine = Machine(
            Snapshot(lastSync: .known(.never), dueSince: nil, activity: Snapshot.notTracked) {
                .unknown($0, "not in the reply")
            }
        )
        for reading in MachineReading.allCases {
            guard let fields = byName[reading.rawValue], machine.read(reading, fields) else {
                return .failure(.unreadable("a reading it cannot read"))
            }
        }
        reply.machine = machine
        return .success(reply)
    }

    private static func unescaped(_ field: Substring) -> String {
        guard field.contains("\\") else { return String(field) }
        var out = ""
        var escaping = false
        for character in field {
            if escaping {
                out.append(character == "t" ? "\t" : character == "n" ? "\n" : character)
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                out.append(character)
            }
        }
        return out
    }

    /// The reading `fields` (after the name) hold, nil when they are damaged; unknown, saying
    /// which, when a number in them is refused.
    static func reading<Value>(
        _ fields: [String],
        _ value: ([String]) -> LineFields.Parsed<Value>
    ) -> Reading<Value>? {
        switch fields.first {
        case "known":
            switch value(Array(fields.dropFirst())) {
            case nil: nil
            case .success(let known): .known(known)
            case .failure(let rejection): .unknown(reason: rejection.reason(from: sender))
            }
        case "unknown" where fields.count == 2: .unknown(reason: fields[1])
        default: nil
        }
    }
}
