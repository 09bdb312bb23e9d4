import CYaml
import Yams

/// Reads one YAML file (a policy or `config.yaml`) into a node tree, refusing what has no
/// use in these files and can make reading them cost without bound: anchors and aliases
/// (a few hundred bytes of aliases used as mapping keys take minutes to compare), nesting
/// deeper than ``maximumDepth`` (the composer recurses once per level) and files larger
/// than ``maximumBytes``.
///
/// The check runs over libyaml's event stream (the parser Yams is built on, `CYaml`)
/// before Yams composes anything, so its cost is linear in the file's size.
enum YAMLDocument {
    /// The deepest nesting of mappings and lists a file may have; these files need four.
    static let maximumDepth = 32
    /// The largest file read: far beyond any policy or config.
    static let maximumBytes = 1 << 20

    /// The root node of `text`, read from `file`, or nil when the file holds no document.
    static func compose(_ text: String, file: String) throws(PolicyError) -> Node? {
        let size = text.utf8.count
        guard size <= maximumBytes else {
            throw PolicyError(
                file: file,
                line: 1,
                column: 1,
                message: "the file is \(size) bytes; a policy or config is at most \(maximumBytes) bytes"
            )
        }
        try checkEvents(text, file: file)
        do {
            // The parsers read every scalar's text themselves and never a resolved tag; the
            // default resolver would compile seven ICU regular expressions on each start.
            return try Yams.compose(yaml: text, .basic)
        } catch {
            throw YAMLErrors.policyError(error, file: file, text: text)
        }
    }

    /// Walks libyaml's events, throwing at the first anchor, alias or too-deep node. A
    /// syntax error ends the walk quietly: Yams reports it next, in its own words.
    private static func checkEvents(_ text: String, file: String) throws(PolicyError) {
        var bytes = Array(text.utf8)
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return }
        defer { yaml_parser_delete(&parser) }
        try bytes.withUnsafeMutableBufferPointer { (buffer) throws(PolicyError) in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var depth = 0
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return }
                defer { yaml_event_delete(&event) }
                let mark = event.start_mark
                func refuse(_ message: String) -> PolicyError {
                    PolicyError(file: file, line: mark.line + 1, column: mark.column + 1, message: message)
                }
                var anchor: UnsafeMutablePointer<yaml_char_t>?
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return
                case YAML_ALIAS_EVENT:
                    throw refuse("aliases (*name) are not allowed here; write the value out")
                case YAML_SCALAR_EVENT:
                    anchor = event.data.scalar.anchor
                case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                    depth += 1
                    guard depth <= maximumDepth else {
                        throw refuse(
                            "nested more than \(maximumDepth) levels deep; a policy or config needs a few"
                        )
                    }
                    anchor =
                        event.type == YAML_SEQUENCE_START_EVENT
                        ? event.data.sequence_start.anchor : event.data.mapping_start.anchor
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    depth -= 1
                default:
                    break
                }
                if anchor != nil {
                    throw refuse("anchors (&name) are not allowed here; write the value out")
                }
            }
        }
    }
}
