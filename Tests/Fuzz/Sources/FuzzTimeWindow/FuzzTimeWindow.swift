import MusicdiffCore

/// Time windows: parsing any text gives a window or nil; a window is within the day, prints
/// as text that parses back to it, and answers `contains` and `secondsUntilOpen` within the day.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let window = TimeWindow(text) else { return 0 }
    guard (0..<1440).contains(window.start), (0...1440).contains(window.end) else {
        fatalError("\"\(text)\" gives a window outside the day: \(window.start)-\(window.end)")
    }
    guard TimeWindow(window.description) == window else {
        fatalError("\"\(text)\" prints as \"\(window)\", which does not parse back to it")
    }
    for second in [0, window.start * 60, window.end * 60 - 1, 86_399] {
        _ = window.contains(secondOfDay: second)
        guard (0..<86_400).contains(window.secondsUntilOpen(from: second)) else {
            fatalError("\"\(text)\" opens outside the day from second \(second)")
        }
    }
    return 0
}
