import Subprocess

/// The last non-blank line of a stream, kept whole up to ``limit`` bytes: where a sync job
/// prints its summary. Whatever precedes it is dropped as it arrives, so a chatty job costs
/// at most two lines' worth of memory; a longer line is measured, not kept.
struct LastLine: Sendable, Equatable {
    /// The longest line kept: a summary with many thousands of conflicts fits.
    static let defaultLimit = 16 << 20

    /// How many bytes of a line are kept.
    let limit: Int
    /// The line being read, up to `limit` bytes.
    private var current: [UInt8] = []
    /// The full length of the line being read.
    private var currentLength = 0
    /// Whether the line being read holds more than spaces so far.
    private var currentHasText = false
    /// The last finished non-blank line, up to `limit` bytes.
    private var finished: [UInt8] = []
    /// Its full length.
    private var finishedLength = 0

    init(limit: Int = LastLine.defaultLimit) { self.limit = limit }

    /// The last non-blank line, counting an unfinished one at the end; nil when it was longer
    /// than ``limit``, see ``length``.
    var line: [UInt8]? {
        let (bytes, length) = currentHasText ? (current, currentLength) : (finished, finishedLength)
        return length > limit ? nil : bytes
    }

    /// The full length in bytes of the last non-blank line, kept or not.
    var length: Int { currentHasText ? currentLength : finishedLength }

    /// Adds `chunk`.
    mutating func append(_ chunk: UnsafeRawBufferPointer) {
        var start = chunk.startIndex
        while start < chunk.endIndex {
            let newline = chunk[start...].firstIndex(of: UInt8(ascii: "\n"))
            let end = newline ?? chunk.endIndex
            take(UnsafeRawBufferPointer(rebasing: chunk[start..<end]))
            guard newline != nil else { return }
            endLine()
            start = end + 1
        }
    }

    private mutating func take(_ part: UnsafeRawBufferPointer) {
        currentLength += part.count
        if !currentHasText {
            currentHasText = part.contains { !Self.isBlank($0) }
        }
        let room = limit - current.count
        if room > 0 { current.append(contentsOf: part.prefix(room)) }
    }

    private mutating func endLine() {
        if currentHasText {
            swap(&finished, &current)
            finishedLength = currentLength
        }
        current.removeAll(keepingCapacity: true)
        currentLength = 0
        currentHasText = false
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
            || byte == 0x0B || byte == 0x0C
    }

    /// Reads `sequence` to its end, handing each piece to `tap` too. A read error ends the
    /// collection with what was read.
    static func collect(
        _ sequence: SubprocessOutputSequence,
        limit: Int = defaultLimit,
        tap: (UnsafeRawBufferPointer) -> Void = { _ in }
    ) async -> LastLine {
        var last = LastLine(limit: limit)
        do {
            for try await buffer in sequence {
                buffer.withUnsafeBytes {
                    last.append($0)
                    tap($0)
                }
            }
        } catch {
            // Keep what was read; the job's exit status tells what happened.
        }
        return last
    }
}
