import Foundation

/// What the daemon says about its reloads when asked on `daemon.sock` with the request line
/// ``request``: how many it has done since it started, and how the last one went.
/// `musicdiff daemon reload` asks before its SIGHUP and again until the count has grown, so
/// it reports the reload that read the files as they are now.
///
/// On the socket, tab-separated like ``DaemonReadings``:
///
///     musicdiff-reloads⇥1⇥4711⇥3⇥failed⇥config.yaml:2:13: sync.command: /x does not exist
///     end
package struct ReloadRecord: Sendable, Equatable {
    /// How the last reload went.
    package enum Outcome: Sendable, Equatable {
        /// None since the daemon started.
        case none
        /// The new settings were taken; their summary (`every 6h, policy laptop (shipped)`).
        case reloaded(String)
        /// A file had an error (its one line, with file:line:col); the last good settings stay.
        case failed(String)
    }

    /// The request line a client sends to get this record instead of the readings.
    package static let request = "reloads"
    /// The version of the reply.
    static let currentVersion = 1

    /// The daemon's pid.
    package var pid: Int32
    /// Reloads finished since the daemon started.
    package var count: Int
    /// How the last one went.
    package var outcome: Outcome

    /// A record of `count` reloads, the last one's `outcome`.
    package init(pid: Int32, count: Int = 0, outcome: Outcome = .none) {
        self.pid = pid
        self.count = count
        self.outcome = outcome
    }

    /// The record after one more reload that went as `outcome`.
    package func adding(_ outcome: Outcome) -> ReloadRecord {
        ReloadRecord(pid: pid, count: count + 1, outcome: outcome)
    }

    /// The reply's bytes.
    package func line() -> [UInt8] {
        let (word, text): (String, String) =
            switch outcome {
            case .none: ("none", "")
            case .reloaded(let summary): ("reloaded", summary)
            case .failed(let message): ("failed", message)
            }
        let oneLine = text.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ")
        let fields = [
            "musicdiff-reloads", String(Self.currentVersion), String(pid), String(count), word, oneLine,
        ]
        return Array((fields.joined(separator: "\t") + "\nend\n").utf8)
    }

    /// The record in `bytes`, or why it cannot be used.
    package static func parse(_ bytes: [UInt8]) -> Result<ReloadRecord, ReadingsSocket.Failure> {
        let lines = String(decoding: bytes, as: UTF8.self).split(
            separator: "\n",
            omittingEmptySubsequences: false
        )
        let fields = lines.first.map { $0.split(separator: "\t", omittingEmptySubsequences: false) } ?? []
        guard fields.count == 6, fields[0] == "musicdiff-reloads", lines.count >= 2, lines[1] == "end" else {
            return .failure(
                .unreadable(bytes.isEmpty ? "an empty reply" : "a reply that is not a reload record")
            )
        }
        guard fields[1] == Substring(String(currentVersion)) else {
            return .failure(.unreadable("a reload record of version \(fields[1]), not \(currentVersion)"))
        }
        guard let pid = Int32(fields[2]), let count = Int(fields[3]), count >= 0 else {
            return .failure(.unreadable("a reload record whose numbers are damaged"))
        }
        let text = String(fields[5])
        let outcome: Outcome
        switch fields[4] {
        case "none": outcome = .none
        case "reloaded": outcome = .reloaded(text)
        case "failed": outcome = .failed(text)
        default: return .failure(.unreadable("a reload outcome \"\(fields[4])\""))
        }
        return .success(ReloadRecord(pid: pid, count: count, outcome: outcome))
    }
}
