import Foundation
import MusicdiffCore

/// Zones with daylight-saving changes of one hour, half an hour (Lord Howe), none (UTC), and
/// a skipped day (Apia, 2011-12-30). Trailing spaces pick one without changing the expression.
let zones = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Pacific/Apia"].map {
    TimeZone(identifier: $0)!
}

/// Fixed instants to count from: just before Europe's spring change, and in 2011 near Apia's.
let starts = [Date(timeIntervalSince1970: 1_774_744_200), Date(timeIntervalSince1970: 1_325_160_000)]

/// Cron expressions: parsing any text gives an expression or a `CronError`, and the same one
/// each time; the next fire times (at most three are asked for, to bound the work) come
/// strictly later each time. No next time is allowed: `* 2 9 3 */7` in New York asks for the
/// hour that summer time skips on March 9 when it is a Sunday, which cron does not make up for.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let expression: CronExpression
    do {
        expression = try CronExpression(text)
    } catch {
        _ = error.description
        return 0
    }
    guard (try? CronExpression(text)) == expression else {
        fatalError("\"\(text)\" parses differently twice")
    }
    let zone = zones[size % zones.count]
    var date = starts[size / zones.count % starts.count]
    for _ in 0..<3 {
        guard let next = expression.nextFire(after: date, in: zone) else { break }
        guard next > date else {
            fatalError("\"\(text)\" fires at \(next), not after \(date) in \(zone.identifier)")
        }
        date = next
    }
    return 0
}
