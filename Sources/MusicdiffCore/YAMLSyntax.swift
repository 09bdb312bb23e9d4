import Yams

/// libyaml's syntax errors said in a user's terms: what is wrong on which line, and for the
/// common slips (a tab, an indentation, a second document, no space after a key's `:`) what
/// to write instead. Where the slip is on an earlier line than the one libyaml stopped at
/// (a missing space makes the next line's key look wrong), the error points at the slip.
struct YAMLSyntax {
    /// The file's lines.
    let lines: [Substring]
    /// The file, as errors name it.
    let file: String

    init(text: String, file: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        self.file = file
    }

    /// The error for libyaml's `problem` at `line`:`column` (from 1), `context` being where
    /// the construct it was reading began.
    func error(problem: String, line: Int, column: Int, context: (line: Int, column: Int)?) -> PolicyError {
        func at(_ line: Int, _ column: Int, _ message: String) -> PolicyError {
            PolicyError(file: file, line: line, column: column, message: message)
        }
        if problem.contains("tab character") || character(line, column) == "\t" {
            return at(
                line,
                column,
                "a tab character; YAML indents and separates with spaces only: replace it with spaces"
            )
        }
        if problem.contains("cannot start any token") {
            let character = self.character(line, column)
            return at(
                line,
                column,
                "\"\(character.map(String.init) ?? "?")\" cannot start a value; put the value in quotes"
            )
        }
        if problem.contains("another document") {
            return at(
                line,
                column,
                "a second document (\"---\"); the file holds one: remove this line, or merge what follows into the first"
            )
        }
        if let slip = missingSpace(before: line) {
            return at(
                slip.line,
                slip.column,
                "no space after the \":\" of \(slip.key); a key needs one (write \"\(slip.key): \(slip.value)\")"
            )
        }
        if problem.contains("mapping values are not allowed") {
            return at(
                line,
                column,
                "a \":\" where no key can start: this line is indented \(indent(line)) spaces, unlike the keys above it;"
                    + " line it up with them, or quote a value that holds \": \""
            )
        }
        if problem.contains("expected <block end>") || problem.contains("did not find expected key") {
            return at(
                line,
                column,
                "this line is indented \(indent(line)) spaces, which lines up with no key above it;"
                    + " indent it as the keys it belongs with"
            )
        }
        if problem.contains("unexpected end of stream"), let context {
            return at(
                context.line,
                context.column,
                "a quote opened here is never closed; close it on this line"
            )
        }
        if let close = problem.contains("or ']'") ? "]" : problem.contains("or '}'") ? "}" : nil, let context
        {
            let open = close == "]" ? "[" : "{"
            return at(context.line, context.column, "\"\(open)\" opened here is not closed with \"\(close)\"")
        }
        if problem.contains("could not find expected ':'"), let context {
            return at(context.line, context.column, "a key without its \":\"; write \"key: value\"")
        }
        return at(line, column, "YAML syntax error: \(problem)")
    }

    /// The slip a missing space after a key's colon makes (`interval:6h`), on `line` or the
    /// last line with text before it: libyaml reads such a key as a plain value and fails
    /// on what follows.
    func missingSpace(before line: Int) -> (line: Int, column: Int, key: String, value: String)? {
        for number in stride(from: min(line, lines.count), through: max(1, line - 3), by: -1) {
            let text = lines[number - 1]
            guard
                let match = text.wholeMatch(of: #/(\s*)(-\s+)?([A-Za-z_][A-Za-z0-9_]*):([^\s:#/][^#]*?)\s*/#)
            else {
                if !text.allSatisfy(\.isWhitespace) && number < line { return nil }
                continue
            }
            let column = match.output.1.count + (match.output.2?.count ?? 0) + match.output.3.count + 1
            return (number, column, String(match.output.3), String(match.output.4))
        }
        return nil
    }

    /// The character at `line`:`column` (from 1), if there is one.
    func character(_ line: Int, _ column: Int) -> Character? {
        guard line >= 1, line <= lines.count else { return nil }
        let text = lines[line - 1]
        guard column >= 1, column <= text.count else { return nil }
        return text[text.index(text.startIndex, offsetBy: column - 1)]
    }

    /// How many spaces begin `line`.
    func indent(_ line: Int) -> Int {
        guard line >= 1, line <= lines.count else { return 0 }
        return lines[line - 1].prefix { $0 == " " }.count
    }
}
