import Yams

/// The errors of a file read key by key: an error in one key is kept and the next key is
/// read, so that a user sees every mistake at once, in line order, as a compiler lists them.
struct KeyErrors {
    /// The errors found so far, in the order found.
    var errors: [PolicyError] = []

    /// The errors by line and column.
    var sorted: [PolicyError] { errors.sorted { ($0.line, $0.column) < ($1.line, $1.column) } }

    /// Reads `node` with `body`, when there is one, keeping what it throws.
    mutating func read(_ node: Node?, _ body: (Node) throws(PolicyError) -> Void) {
        guard let node else { return }
        do throws(PolicyError) { try body(node) } catch { errors.append(error) }
    }

    /// `node` as a mapping, with an error for each key not in `allowed`; nil, with the error
    /// `message`, when it is not a mapping.
    mutating func mapping(
        _ node: Node,
        _ fields: YAMLFields,
        _ message: String,
        allowed: [String],
        in owner: String
    ) -> Node.Mapping? {
        guard case .mapping(let map) = node else {
            errors.append(fields.error(at: node, message))
            return nil
        }
        errors += fields.unknownKeys(map, allowed: allowed, in: owner)
        return map
    }
}
