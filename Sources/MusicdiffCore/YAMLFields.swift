import Foundation
import Yams

/// Typed, strict access to the nodes of one YAML file, throwing ``PolicyError``s that point
/// at the offending node.
struct YAMLFields {
    /// The file, as errors name it.
    let file: String

    func error(at node: Node?, _ message: String) -> PolicyError {
        let mark = node?.mark
        return PolicyError(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1, message: message)
    }

    /// Where `node` is, for a check made later.
    func site(of node: Node) -> YAMLSite {
        YAMLSite(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    func mapping(_ node: Node, _ message: String) throws(PolicyError) -> Node.Mapping {
        guard case .mapping(let map) = node else { throw error(at: node, message) }
        return map
    }

    /// Rejects keys not in `allowed`, suggesting the closest allowed one.
    func checkKeys(_ map: Node.Mapping, allowed: [String], in owner: String) throws(PolicyError) {
        if let first = unknownKeys(map, allowed: allowed, in: owner).first { throw first }
    }

    /// One error for each key of `map` not in `allowed`, in the file's order.
    func unknownKeys(_ map: Node.Mapping, allowed: [String], in owner: String) -> [PolicyError] {
        map.keys.compactMap { key in
            guard let name = plainString(key) else {
                return error(at: key, "keys in \(owner) must be plain names, like \(allowed[0])")
            }
            guard allowed.contains(name) else {
                let hint = Spelling.closest(to: name, in: allowed).map { " (did you mean \"\($0)\"?)" } ?? ""
                return error(
                    at: key,
                    "unknown key \"\(name)\" in \(owner)\(hint); allowed: \(allowed.joined(separator: ", "))"
                )
            }
            return nil
        }
    }

    func string(_ node: Node, key: String) throws(PolicyError) -> String {
        guard let text = plainString(node) else {
            throw error(at: node, "\(key) must be text, not \(Self.kind(of: node))")
        }
        return text
    }

    func name(_ node: Node) throws(PolicyError) -> String {
        let text = try string(node, key: "name")
        guard !text.isEmpty, !text.contains("/"), !text.contains(where: \.isWhitespace) else {
            throw error(at: node, "name must be one word without \"/\", like \"laptop\"")
        }
        return text
    }

    func strings(_ node: Node, key: String, example: String) throws(PolicyError) -> [String] {
        guard case .sequence(let sequence) = node else {
            throw error(at: node, "\(key) must be a list, like \(example)")
        }
        guard !sequence.isEmpty else {
            throw error(at: node, "\(key) must name at least one, like \(example)")
        }
        var result: [String] = []
        for item in sequence { result.append(try string(item, key: key)) }
        return result
    }

    /// A duration written `90`, `45s`, `30m`, `6h`, `2d` or `1h30m`, at least `minimum` and
    /// at most ``DurationText/maximum``.
    func duration(
        _ node: Node,
        key: String,
        example: String,
        minimum: Duration = .zero
    ) throws(PolicyError)
        -> Duration
    {
        guard case .scalar(let scalar) = node, !Self.isNull(scalar) else {
            throw error(at: node, "\(key) must be a duration like \"\(example)\", not \(Self.kind(of: node))")
        }
        guard let duration = DurationText.parse(scalar.string) else {
            throw error(at: node, "\"\(scalar.string)\" is not a duration (try \"30m\" or \"\(example)\")")
        }
        guard duration >= .zero else {
            throw error(at: node, "\(key) must not be negative (try \"\(example)\")")
        }
        guard duration >= minimum else {
            throw error(
                at: node,
                "\(key) must be at least \(DurationText.format(minimum)) (try \"\(example)\")"
            )
        }
        guard duration <= DurationText.maximum else {
            throw error(at: node, "\(key) must be at most \(DurationText.maximumText) (try \"\(example)\")")
        }
        return duration
    }

    func number(_ node: Node, key: String, example: String) throws(PolicyError) -> Double {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any,
            let value = Double(scalar.string.replacingOccurrences(of: "_", with: "")), value.isFinite
        else {
            throw error(at: node, "\(key) must be a number, like \(example), not \(Self.kind(of: node))")
        }
        return value
    }

    /// `true` or `false` (also `True`, `TRUE`, `False`, `FALSE`), unquoted. YAML 1.1's `yes`,
    /// `no`, `on` and `off` are refused, so that a word is never silently a boolean.
    func bool(_ node: Node, key: String) throws(PolicyError) -> Bool {
        guard case .scalar(let scalar) = node else {
            throw error(at: node, "\(key) must be true or false, not \(Self.kind(of: node))")
        }
        guard scalar.style == .plain || scalar.style == .any else {
            throw error(at: node, "\(key) must be true or false without quotes, not \(Self.kind(of: node))")
        }
        switch scalar.string {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: throw error(at: node, "\(key) must be true or false, not \(Self.kind(of: node))")
        }
    }

    /// A whole number written unquoted, within `range`.
    func integer(
        _ node: Node,
        key: String,
        example: String,
        range: ClosedRange<Int>
    ) throws(PolicyError) -> Int {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any,
            let value = Int(scalar.string)
        else {
            let kind = Self.kind(of: node)
            throw error(at: node, "\(key) must be a whole number, like \(example), not \(kind)")
        }
        guard range.contains(value) else {
            let bounds = "\(range.lowerBound) and \(range.upperBound)"
            throw error(at: node, "\(key) must be between \(bounds), not \(value)")
        }
        return value
    }

    /// Whether `node` is absent or written as nothing (`key:`, `~`, `null`).
    static func isNothing(_ node: Node?) -> Bool {
        guard let node else { return true }
        guard case .scalar(let scalar) = node else { return false }
        return isNull(scalar)
    }

    /// One of an enumeration's raw values, listing them all when the node is none of them.
    func choice<Choice: RawRepresentable & CaseIterable>(
        _ node: Node,
        key: String
    ) throws(PolicyError) -> Choice
    where Choice.RawValue == String {
        let options = Choice.allCases.map(\.rawValue)
        let list = options.dropLast().joined(separator: ", ") + " or " + options.last!
        guard let text = plainString(node) else {
            throw error(at: node, "\(key) must be one of \(list), not \(Self.kind(of: node))")
        }
        guard let value = Choice(rawValue: text) else {
            throw error(at: node, "\"\(text)\" is not allowed for \(key); use \(list)")
        }
        return value
    }

    /// The text of a scalar node that is not null.
    /// A scalar's text as the user wrote it (`3d`), for a message about its value; nil for
    /// no node or one that is not plain text.
    func written(_ node: Node?) -> String? { node.flatMap(plainString) }

    private func plainString(_ node: Node) -> String? {
        guard case .scalar(let scalar) = node, !Self.isNull(scalar) else { return nil }
        return scalar.string
    }

    static func isNull(_ scalar: Node.Scalar) -> Bool {
        (scalar.style == .plain || scalar.style == .any)
            && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// How a node looks, for error messages: `a list`, `a mapping`, `nothing`, `"5x"`.
    static func kind(of node: Node) -> String {
        switch node {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        case .scalar(let scalar): isNull(scalar) ? "nothing" : "\"\(scalar.string)\""
        }
    }
}
