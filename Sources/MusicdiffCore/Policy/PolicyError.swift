/// A policy file that cannot be used, with the place and a sentence saying what would be right.
///
/// Prints as `laptop.yaml:4:8: "5x" is not a duration (try "30m" or "2h")`.
package struct PolicyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file, as the user named it.
    package var file: String
    /// Line, from 1.
    package var line: Int
    /// Column, from 1.
    package var column: Int
    /// What is wrong and what would be right.
    package var message: String

    /// `FILE:LINE:COL: message`.
    package var description: String { "\(file):\(line):\(column): \(message)" }
}

/// A place in a YAML file, kept so that a check made later (a program that does not exist)
/// can point at what the user wrote.
package struct YAMLSite: Sendable, Equatable {
    /// The file, as the user named it.
    package var file: String
    /// Line, from 1.
    package var line: Int
    /// Column, from 1.
    package var column: Int

    /// Creates a site.
    package init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `message` as an error at this place.
    package func error(_ message: String) -> PolicyError {
        PolicyError(file: file, line: line, column: column, message: message)
    }
}
