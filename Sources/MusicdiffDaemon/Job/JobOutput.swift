import Synchronization

/// A piece of a running job's output, as it arrives: what `musicdiff sync` shows live.
package struct JobOutput: Sendable, Equatable {
    /// Which of the job's streams it came on.
    package enum Stream: Sendable, Equatable {
        /// Its standard output.
        case stdout
        /// Its standard error.
        case stderr
    }

    /// Which stream it came on.
    package var stream: Stream
    /// The bytes, as read (not cut at lines).
    package var bytes: [UInt8]

    /// Creates a piece.
    package init(stream: Stream, bytes: [UInt8]) {
        self.stream = stream
        self.bytes = bytes
    }
}

/// The job's output as it arrives: handed to whoever shows it live, and its last lines kept,
/// stdout and stderr together in the order they came, for the log and the store.
final class OutputTap: Sendable {
    /// How many of the last lines are kept.
    static let keptLines = 20
    /// The longest line kept, in characters; a longer one is cut with `…`.
    static let lineLimit = 300

    private let tail = Mutex(OutputTail(limit: 16 * 1024))
    private let onOutput: (@Sendable (JobOutput) -> Void)?

    init(onOutput: (@Sendable (JobOutput) -> Void)?) { self.onOutput = onOutput }

    /// Takes a piece read from `stream`.
    func take(_ stream: JobOutput.Stream, _ chunk: UnsafeRawBufferPointer) {
        tail.withLock { $0.append(chunk) }
        onOutput?(JobOutput(stream: stream, bytes: Array(chunk)))
    }

    /// The last ``keptLines`` non-blank lines, each at most ``lineLimit`` characters.
    var lastLines: [String] {
        tail.withLock { $0.lastLines(Self.keptLines) }.map { line in
            line.count > Self.lineLimit ? String(line.prefix(Self.lineLimit - 1)) + "…" : line
        }
    }
}
