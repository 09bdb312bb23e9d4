/// The policies shipped in the repository's `policies/` folder, built into the binary so that
/// an installed `musicdiff` needs no data files.
package enum ShippedPolicies {
    /// The shipped policies' names, sorted.
    package static var names: [String] { texts.map(\.name).sorted() }

    /// The YAML text of the shipped policy `name`, exactly as in `policies/NAME.yaml`.
    package static func text(named name: String) -> String? {
        texts.first { $0.name == name }?.text
    }

    /// The parsed shipped policy `name`.
    ///
    /// Shipped policies are checked by the tests, so a parse failure here is a build defect.
    package static func policy(named name: String) -> Policy? {
        guard let text = text(named: name) else { return nil }
        do {
            return try PolicyParser.parse(text, file: "policies/\(name).yaml", defaultName: name)
        } catch {
            preconditionFailure("shipped policy \(name) does not parse: \(error)")
        }
    }
}
