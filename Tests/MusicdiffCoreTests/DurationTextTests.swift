import Foundation
import Testing

@testable import MusicdiffCore

@Suite struct DurationTextTests {
    @Test(arguments: [
        ("90", 90), ("45s", 45), ("30m", 1_800), ("6h", 21_600), ("2d", 172_800), ("1h30m", 5_400),
        ("0", 0), (" 10m ", 600), ("1d2h3m4s", 93_784),
    ])
    func parses(text: String, seconds: Int64) {
        #expect(DurationText.parse(text) == .seconds(seconds))
    }

    @Test(arguments: ["", "5x", "h", "6 h", "1.5h", "30m1h", "m30", "6hh", "1e3"])
    func rejects(text: String) {
        #expect(DurationText.parse(text) == nil)
    }

    @Test(arguments: [
        "106751991167300d23h", "9223372036854775807", "99999999999999999999", "9223372036854775807d1s",
    ])
    func durationsTooLongForSixtyFourBitsComeBackAsTheLongestSoCallersCanSaySo(text: String) {
        let duration = DurationText.parse(text)
        #expect(duration == .seconds(Int64.max))
        #expect(duration.map { $0 > DurationText.maximum } == true)
    }

    @Test func extremesFormatWithoutTrapping() {
        #expect(DurationText.format(.seconds(Int64.min)).hasPrefix("-"))
        #expect(DurationText.canonical(.seconds(Int64.min)).hasPrefix("-"))
        #expect(DurationText.canonical(DurationText.maximum) == "36525d")
    }

    @Test func theTimeBetweenAnyTwoDatesIsADurationWithoutTrapping() {
        #expect(Date.distantFuture.duration(since: .distantPast) > .seconds(1_000_000_000))
        #expect(Date(timeIntervalSince1970: 1e300).duration(since: Date()) == .milliseconds(Int64.max))
        #expect(Date(timeIntervalSince1970: -1e300).duration(since: Date()) == .milliseconds(Int64.min))
        #expect(Date(timeIntervalSince1970: .nan).duration(since: Date()) == .zero)
    }

    @Test func negativeDurationsParseSoCallersCanSaySo() {
        #expect(DurationText.parse("-5m") == .seconds(-300))
    }

    @Test(arguments: [
        (0, "0s"), (45, "45s"), (90, "1m 30s"), (3_600, "1h"), (3_601, "1h"), (25_920, "7h 12m"),
        (183_600, "2d 3h"), (86_400, "1d"),
    ])
    func formatsForPeople(seconds: Int64, text: String) {
        #expect(DurationText.format(.seconds(seconds)) == text)
    }

    @Test(arguments: [0, 45, 90, 3_600, 5_400, 172_800, 93_784] as [Int64])
    func canonicalFormRoundTrips(seconds: Int64) {
        #expect(DurationText.parse(DurationText.canonical(.seconds(seconds))) == .seconds(seconds))
    }

    /// The one form a policy's durations are quoted in: hours under a week, and it parses back.
    @Test(
        arguments: [
            (600, "10m"), (5_400, "1h30m"), (86_400, "24h"), (131_400, "36h30m"), (172_800, "48h"),
            (259_200, "72h"), (604_800, "7d"), (612_000, "7d2h"), (90, "1m30s"),
        ] as [(Int64, String)]
    )
    func settingsReadInHoursUnderAWeek(seconds: Int64, text: String) {
        #expect(DurationText.hours(.seconds(seconds)) == text)
        #expect(DurationText.parse(text) == .seconds(seconds))
    }
}
