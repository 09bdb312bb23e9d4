import Testing

@testable import MusicdiffCore

/// Expects the policy `text` (in `p.yaml`) to be refused at `line`:`column` with an error
/// that says `message`, as `policy check` would report it.
func expectRefused(
    _ text: String,
    line: Int,
    column: Int,
    message: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    do {
        let policy = try PolicyParser.parse(text, file: "p.yaml", defaultName: "p")
        Issue.record("accepted: \(policy)", sourceLocation: sourceLocation)
    } catch {
        #expect(error.file == "p.yaml", sourceLocation: sourceLocation)
        #expect(
            "\(error.line):\(error.column)" == "\(line):\(column)",
            "\(text): \(error.message)",
            sourceLocation: sourceLocation
        )
        #expect(error.message.contains(message), "\(error.message)", sourceLocation: sourceLocation)
    }
}
