import Foundation
import MusicdiffRuntime

/// Where the file-based sensors look: `/proc`, `/sys` and `/dev`, or the fixture trees that
/// `$MUSICDIFF_PROC`, `$MUSICDIFF_SYS` and `$MUSICDIFF_DEV` name for tests and demos.
package struct SensorPaths: Sendable, Equatable {
    /// The `/proc` tree.
    package var proc: String
    /// The `/sys` tree.
    package var sys: String
    /// The `/dev` tree, whose terminals tell when the user last typed.
    package var dev: String

    /// Creates paths.
    package init(proc: String = "/proc", sys: String = "/sys", dev: String = "/dev") {
        self.proc = proc
        self.sys = sys
        self.dev = dev
    }

    /// The paths the environment names, defaulting to the real trees.
    package init(environment: [String: String]) {
        func path(_ name: String, _ fallback: String) -> String {
            environment[name].flatMap { $0.isEmpty ? nil : $0 } ?? fallback
        }
        self.init(
            proc: path("MUSICDIFF_PROC", "/proc"),
            sys: path("MUSICDIFF_SYS", "/sys"),
            dev: path("MUSICDIFF_DEV", "/dev")
        )
    }
}

/// Small helpers for reading the one-line files of `/proc` and `/sys`.
enum SysFile {
    /// The file's text without the trailing newline, or nil when it cannot be read.
    static func read(_ path: String) -> String? {
        FileText.read(path).map { String(trimmed($0)) }
    }

    /// `text` without leading and trailing ASCII white space, the only kind these files
    /// hold. (Foundation's `trimmingCharacters(in:)` bridges to `NSString`, a page-fault
    /// walk through Foundation on every poll tick.)
    static func trimmed<Text: StringProtocol>(_ text: Text) -> Text.SubSequence {
        let isSpace: (Character) -> Bool = {
            $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" || $0 == "\r\n"
        }
        let start = text.firstIndex { !isSpace($0) } ?? text.endIndex
        let end = text.lastIndex { !isSpace($0) }.map(text.index(after:)) ?? start
        return text[start..<max(start, end)]
    }

    /// The file's text, or the reason it cannot be read, as one line.
    static func readOrReason(_ path: String) -> Result<String, ReadFailure> {
        guard let text = read(path) else {
            let reason =
                FileManager.default.fileExists(atPath: path)
                ? "cannot read \(path)" : "\(path) does not exist"
            return .failure(ReadFailure(reason: reason))
        }
        return .success(text)
    }

    /// Why a file could not be read.
    struct ReadFailure: Error {
        let reason: String
    }
}
