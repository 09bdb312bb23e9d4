import Yams

/// Turns the YAML library's syntax errors into ``PolicyError``s.
enum YAMLErrors {
    static func policyError(_ error: any Error, file: String, text: String) -> PolicyError {
        guard let error = error as? YamlError else {
            return PolicyError(file: file, line: 1, column: 1, message: "cannot read YAML: \(error)")
        }
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            return YAMLSyntax(text: text, file: file).error(
                problem: problem,
                line: mark.line,
                column: mark.column,
                context: context.map { ($0.mark.line, $0.mark.column) }
            )
        case .duplicatedKeysInMapping(let keys, let context):
            let names = keys.map { "\"\($0)\"" }.joined(separator: ", ")
            return PolicyError(
                file: file,
                line: context.mark.line,
                column: context.mark.column,
                message: "\(names) appears more than once in the same mapping; keep one"
            )
        case .reader(let problem, _, _, _):
            return PolicyError(
                file: file,
                line: 1,
                column: 1,
                message: "cannot read the file as text: \(problem)"
            )
        default:
            return PolicyError(file: file, line: 1, column: 1, message: "YAML error: \(error)")
        }
    }
}
