import CLinux
import Foundation

/// What the reports need to know of where their text goes: whether it may be coloured, and
/// how wide a line may be.
public enum Terminal {
    /// Whether output to standard output may be coloured: a terminal, no `NO_COLOR`, not
    /// `TERM=dumb`.
    public static func colourWanted(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Bool {
        isatty(STDOUT_FILENO) == 1 && (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
    }

    /// The width lines of standard output wrap at: the terminal's (`TIOCGWINSZ`), else
    /// `$COLUMNS`, else 80 on a terminal; into a pipe or a file, `$COLUMNS` or `otherwise`
    /// (no terminal's width is known there, and a reader of a file has no 80-column screen).
    public static func width(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        otherwise: Int
    ) -> Int {
        let columns = Int(musicdiff_terminal_columns(STDOUT_FILENO))
        if columns > 0 { return columns }
        if let text = environment["COLUMNS"], let columns = Int(text), columns > 0 { return columns }
        return isatty(STDOUT_FILENO) == 1 ? 80 : otherwise
    }
}
