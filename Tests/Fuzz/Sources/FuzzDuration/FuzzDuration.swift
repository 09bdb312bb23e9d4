import MusicdiffCore

/// Durations: parsing never traps, and what parses prints and parses back to itself.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let duration = DurationText.parse(text) else { return 0 }
    _ = DurationText.format(duration)
    let canonical = DurationText.canonical(duration)
    guard DurationText.parse(canonical) == duration else {
        fatalError("\"\(text)\" parses to \(duration), printed \"\(canonical)\", which does not parse back")
    }
    return 0
}
