import CLinux
import Foundation

/// What the reports need to know of where their text goes: whether it may be coloured, and
/// how wide a line may be.
package enum Terminal {
    /// Whether output to standard output may be coloured: a terminal, no `NO_COLOR`, not
    /// `TERM=dumb`.
    package static func colourWanted(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Bool {
        isatty(STDOUT_FILENO) == 1 && (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
    }

    /// The width lines of standard output wrap at on a terminal: its own (`TIOCGWINSZ`), else
    /// `$COLUMNS`, else 80; nil into a pipe or a file, where no width is known and text is
    /// left as it is.
    package static func width(environment: [String: String] = ProcessInfo.processInfo.environment) -> Int? {
        guard isatty(STDOUT_FILENO) == 1 else { return nil }
        let columns = Int(musicdiff_terminal_columns(STDOUT_FILENO))
        if columns > 0 { return columns }
        if let text = environment["COLUMNS"], let columns = Int(text), columns > 0 { return columns }
        return 80
    }
}
