import Foundation

/// Where the file-based sensors look: `/proc` and `/sys`, or the fixture trees that
/// `$MUSICDIFF_PROC` and `$MUSICDIFF_SYS` name for tests and demos.
public struct SensorPaths: Sendable, Equatable {
    /// The `/proc` tree.
    public var proc: String
    /// The `/sys` tree.
    public var sys: String

    /// Creates paths.
    public init(proc: String = "/proc", sys: String = "/sys") {
        self.proc = proc
        self.sys = sys
    }

    /// The paths the environment names, defaulting to the real trees.
    public init(environment: [String: String]) {
        self.init(
            proc: environment["MUSICDIFF_PROC"].flatMap { $0.isEmpty ? nil : $0 } ?? "/proc",
            sys: environment["MUSICDIFF_SYS"].flatMap { $0.isEmpty ? nil : $0 } ?? "/sys")
    }
}

/// Small helpers for reading the one-line files of `/proc` and `/sys`.
enum SysFile {
    /// The file's text without the trailing newline, or nil when it cannot be read.
    static func read(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The file's text, or the reason it cannot be read, as one line.
    static func readOrReason(_ path: String) -> Result<String, ReadFailure> {
        guard let text = read(path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot read \(path)" : "\(path) does not exist"
            return .failure(ReadFailure(reason: reason))
        }
        return .success(text)
    }

    /// Why a file could not be read.
    struct ReadFailure: Error {
        let reason: String
    }
}
