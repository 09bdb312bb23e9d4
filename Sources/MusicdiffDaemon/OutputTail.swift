import Subprocess

/// The last `limit` bytes of a stream, so that a chatty job cannot fill the daemon's memory.
struct OutputTail: Sendable, Equatable {
    /// How many bytes are kept.
    let limit: Int
    /// What is kept: up to twice `limit` while collecting, trimmed by ``bytes``.
    private var storage: [UInt8] = []
    /// Whether earlier output was dropped.
    private(set) var truncated = false

    init(limit: Int) { self.limit = limit }

    /// The last `limit` bytes seen.
    var bytes: ArraySlice<UInt8> {
        storage.count > limit ? storage[(storage.count - limit)...] : storage[...]
    }

    /// Adds `chunk`, dropping the oldest bytes once twice the limit is held.
    mutating func append(_ chunk: UnsafeRawBufferPointer) {
        storage.append(contentsOf: chunk)
        if storage.count > 2 * limit {
            storage.removeFirst(storage.count - limit)
            truncated = true
        }
    }

    /// The last `count` non-empty lines, decoded as UTF-8 (invalid bytes replaced).
    func lastLines(_ count: Int) -> [String] {
        let text = String(decoding: bytes, as: UTF8.self)
        var lines = text.split(whereSeparator: \.isNewline).filter { !$0.allSatisfy(\.isWhitespace) }
        if truncated || storage.count > limit, !lines.isEmpty, bytes.first != UInt8(ascii: "\n") {
            lines.removeFirst()  // the first line is cut off
        }
        return lines.suffix(count).map(String.init)
    }

    /// Reads `sequence` to its end, keeping the last `limit` bytes. A read error ends the
    /// collection with what was read so far.
    /// Each piece read is also handed to `tap`.
    static func collect(
        _ sequence: SubprocessOutputSequence,
        limit: Int,
        tap: (UnsafeRawBufferPointer) -> Void = { _ in }
    ) async -> OutputTail {
        var tail = OutputTail(limit: limit)
        do {
            for try await buffer in sequence {
                buffer.withUnsafeBytes {
                    tail.append($0)
                    tap($0)
                }
            }
        } catch {
            // Keep what was read; the job's exit status tells what happened.
        }
        return tail
    }
}
