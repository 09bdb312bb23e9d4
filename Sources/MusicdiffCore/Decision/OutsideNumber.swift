import Foundation

/// A kind of number that comes from outside the process (D-Bus, `/sys`, `/proc`, the daemon's
/// socket, the state store), checked where it enters.
///
/// Every reader takes such a number through one of these checks, so that no NaN, infinity or
/// absurd value reaches arithmetic that traps (`Int(_:)`, `Duration`, `Date` arithmetic) or a
/// verdict that misleads. A number refused makes its reading unknown, with a reason that
/// names it: `UPower reported a battery percentage of nan`.
package struct OutsideNumber: Sendable, Equatable {
    /// What the number is, as a reason names it (`battery percentage`).
    package let what: String
    /// The values it can take.
    package let range: ClosedRange<Double>
    /// The largest value taken, as the range's upper bound: a battery's firmware may report
    /// a little over 100 % when it is full.
    let tolerated: Double

    /// A kind of number named `what` that takes values in `range`, and values above it up to
    /// `tolerated` as its upper bound.
    package init(_ what: String, _ range: ClosedRange<Double>, tolerated: Double? = nil) {
        self.what = what
        self.range = range
        self.tolerated = max(tolerated ?? range.upperBound, range.upperBound)
    }

    /// `value` when it is finite and in range (one just above the range taken as its upper
    /// bound), else why not.
    package func check(_ value: Double) -> Result<Double, Rejection> {
        guard value.isFinite, value >= range.lowerBound, value <= tolerated else {
            return .failure(Rejection(what: what, value: "\(value)"))
        }
        return .success(min(value, range.upperBound))
    }

    /// The number `text` spells, white space around it ignored, checked; text that is not a
    /// number is refused too, quoted as it came (at most 40 characters).
    package func check(text: some StringProtocol) -> Result<Double, Rejection> {
        let trimmed = Self.trimmed(text)
        guard let value = Double(trimmed) else {
            return .failure(Rejection(what: what, value: "\"\(trimmed.prefix(40))\""))
        }
        return check(value).mapError { _ in Rejection(what: what, value: String(trimmed.prefix(40))) }
    }

    /// An integer, checked against the same range; the result is then an `Int` that no
    /// conversion traps on.
    package func check(_ value: some BinaryInteger) -> Result<Int, Rejection> {
        check(Double(value)).map { Int($0) }.mapError { _ in Rejection(what: what, value: "\(value)") }
    }

    /// The whole number `text` spells, white space around it ignored, checked; text that is
    /// not one (`4.5`, `99999999999999999999`) is refused, quoted as it came.
    package func check(integerText text: some StringProtocol) -> Result<Int, Rejection> {
        let trimmed = Self.trimmed(text)
        guard let value = Int(trimmed) else {
            return .failure(Rejection(what: what, value: "\"\(trimmed.prefix(40))\""))
        }
        return check(value)
    }

    /// `text` without surrounding ASCII white space. Not `trimmingCharacters(in:)`, which
    /// bridges to `NSString`: sensors read numbers on every poll tick.
    static func trimmed<Text: StringProtocol>(_ text: Text) -> Text.SubSequence {
        let isSpace: (Character) -> Bool = {
            $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" || $0 == "\r\n"
        }
        let start = text.firstIndex { !isSpace($0) } ?? text.endIndex
        let end = text[start...].lastIndex { !isSpace($0) }.map(text.index(after:)) ?? start
        return text[start..<end]
    }

    /// The same check under another name: `OutsideNumber.time.named("idle start")`.
    package func named(_ what: String) -> OutsideNumber {
        OutsideNumber(what, range, tolerated: tolerated)
    }
}

/// A number an ``OutsideNumber`` check refused.
package struct Rejection: Error, Sendable, Equatable {
    /// What the number was to be (`battery percentage`).
    package let what: String
    /// The number as it arrived (`nan`, `1e+300`, `"12abc"`).
    package let value: String

    /// The reason for the unknown reading, naming who sent the number: `UPower reported a
    /// battery percentage of nan`.
    package func reason(from source: String) -> String {
        let article = what.first.map { "aeiouAEIOU".contains($0) } == true ? "an" : "a"
        return "\(source) reported \(article) \(what) of \(value)"
    }
}

extension OutsideNumber {
    /// A battery's charge, 0 to 100; up to 110 is taken as 100 (full, as some firmware says).
    package static let batteryPercent = OutsideNumber("battery percentage", 0...100, tolerated: 110)
    /// A battery's energy in µWh (`/sys`'s `energy_now`, `energy_full`): up to a GWh.
    package static let batteryEnergy = OutsideNumber("battery energy", 0...1e15)
    /// A load average: no machine reaches a million.
    package static let loadAverage = OutsideNumber("load average", 0...1_000_000)
    /// CPUs online: Linux builds for at most 8192; a little room above it.
    package static let cpuCount = OutsideNumber("CPU count", 1...65_536)
    /// A file system's size or free space in bytes (`statvfs`), up to an exbibyte.
    package static let fileSystemSize = OutsideNumber("file system size", 0...1_152_921_504_606_846_976)
    /// A span of seconds, such as the uptime or an idle time: at most 100 years.
    package static let seconds = OutsideNumber("number of seconds", 0...DurationText.maximum.seconds)
    /// A moment, in seconds since 1970: from 1970 through the year 9999.
    package static let time = OutsideNumber("time", 0...253_402_300_799)
}
