import Yams

extension PolicyParser {
    /// Where the value of the policy's top-level `key` is in `text` (read from `file`), for a
    /// check that needs more than the file (the daemon's interval against `early`); nil when
    /// the key is not there or the text does not read.
    package static func site(ofKey key: String, in text: String, file: String) -> YAMLSite? {
        guard let root = try? YAMLDocument.compose(text, file: file), case .mapping(let map) = root,
            let value = map.first(where: { $0.key.string == key })?.value
        else { return nil }
        return YAMLFields(file: file).site(of: value)
    }
}
