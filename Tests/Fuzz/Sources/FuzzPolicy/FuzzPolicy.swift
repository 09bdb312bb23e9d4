import MusicdiffCore

/// Policies: parsing any text either gives a policy or a `PolicyError`, never a trap or a
/// hang; and a policy shown as YAML (`musicdiff policy show`) parses back to itself.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let policy: Policy
    do {
        policy = try PolicyParser.parse(text, file: "fuzz.yaml", defaultName: "fuzz")
    } catch {
        _ = error.description
        return 0
    }
    let shown = policy.yaml
    do {
        let again = try PolicyParser.parse(shown, file: "shown.yaml", defaultName: "fuzz")
        guard again == policy else {
            fatalError("the policy shown as\n\(shown)parses back to a different one: \(again)")
        }
    } catch {
        fatalError("the policy shown as\n\(shown)does not parse back: \(error)")
    }
    return 0
}
