import Foundation
import Testing

@testable import MusicdiffCore

@Suite struct CronExpressionTests {
    /// The members of each field's set, minute first.
    private func sets(_ text: String) throws -> [[Int]] {
        let cron = try CronExpression(text)
        return [cron.minutes, cron.hours, cron.daysOfMonth, cron.months, cron.daysOfWeek].map(\.values)
    }

    @Test(arguments: [
        ("*", Array(0...59)), ("7", [7]), ("07", [7]), ("1,15", [1, 15]), ("1-5", [1, 2, 3, 4, 5]),
        ("*/15", [0, 15, 30, 45]), ("1-30/5", [1, 6, 11, 16, 21, 26]), ("5/10", [5, 15, 25, 35, 45, 55]),
        ("0-59/20,7", [0, 7, 20, 40]), ("58-59,0", [0, 58, 59]), ("*/60", [0]), ("59/5", [59]),
    ])
    func minuteSyntax(field: String, minutes: [Int]) throws {
        #expect(try sets("\(field) * * * *")[0] == minutes)
    }

    @Test(arguments: [
        ("*/6", [0, 6, 12, 18]), ("9-17", Array(9...17)), ("22,23,0-2", [0, 1, 2, 22, 23]), ("23", [23]),
    ])
    func hourSyntax(field: String, hours: [Int]) throws {
        #expect(try sets("0 \(field) * * *")[1] == hours)
    }

    @Test(arguments: [
        ("*", Array(1...31)), ("*/10", [1, 11, 21, 31]), ("1,15,31", [1, 15, 31]),
        ("28-31", [28, 29, 30, 31]),
        ("10/7", [10, 17, 24, 31]),
    ])
    func dayOfMonthSyntax(field: String, days: [Int]) throws {
        #expect(try sets("0 0 \(field) * *")[2] == days)
    }

    @Test(arguments: [
        ("jan", [1]), ("DEC", [12]), ("Jun-Aug", [6, 7, 8]), ("jan,jul", [1, 7]), ("*/3", [1, 4, 7, 10]),
        ("feb-dec/2", [2, 4, 6, 8, 10, 12]), ("11-dec", [11, 12]), ("oct/1", [10, 11, 12]),
    ])
    func monthSyntax(field: String, months: [Int]) throws {
        #expect(try sets("0 0 1 \(field) *")[3] == months)
    }

    @Test(arguments: [
        ("mon-fri", [1, 2, 3, 4, 5]), ("MON-Fri", [1, 2, 3, 4, 5]), ("7", [0]), ("0", [0]), ("sun", [0]),
        ("5-7", [0, 5, 6]), ("fri-sun", [0, 5, 6]), ("0-7", Array(0...6)), ("*/2", [0, 2, 4, 6]),
        ("sat,sun", [0, 6]), ("1/2", [1, 3, 5]), ("mon-sat/2", [1, 3, 5]), ("6-7", [0, 6]),
    ])
    func dayOfWeekSyntax(field: String, days: [Int]) throws {
        #expect(try sets("0 0 * * \(field)")[4] == days)
    }

    @Test(arguments: [
        ("@yearly", "0 0 1 1 *"), ("@annually", "0 0 1 1 *"), ("@monthly", "0 0 1 * *"),
        ("@weekly", "0 0 * * 0"),
        ("@daily", "0 0 * * *"), ("@midnight", "0 0 * * *"), ("@hourly", "0 * * * *"),
        ("@DAILY", "0 0 * * *"),
        ("  @daily\n", "0 0 * * *"),
    ])
    func macrosStandForTheirFields(macro: String, fields: String) throws {
        #expect(try CronExpression(macro) == CronExpression(fields))
    }

    @Test func fieldsMaySitBetweenAnyWhitespace() throws {
        #expect(try CronExpression(" 0\t2  *   * \t* ") == CronExpression("0 2 * * *"))
    }

    @Test func wildcardAndStarFlagsFollowTheFieldText() throws {
        #expect(try CronExpression("*/15 * * * *").isWildcard)
        #expect(try CronExpression("30 * * * *").isWildcard)
        #expect(try CronExpression("@hourly").isWildcard)
        #expect(try !CronExpression("0-59 0-23 * * *").isWildcard)
        #expect(try !CronExpression("30 2 * * *").isWildcard)
        let both = try CronExpression("0 0 13 * fri")
        #expect(!both.dayOfMonthIsStar && !both.dayOfWeekIsStar)
        #expect(try CronExpression("0 0 */2 * fri").dayOfMonthIsStar)
        #expect(try CronExpression("0 0 1-31 * *") != CronExpression("0 0 * * *"))
    }

    @Test(arguments: [
        ("0 0 * *", "expected 5 fields (minute hour day-of-month month day-of-week), got 4"),
        ("", "expected 5 fields (minute hour day-of-month month day-of-week), got 0"),
        ("0 0 * * * echo", "expected 5 fields (minute hour day-of-month month day-of-week), got 6"),
        ("61 * * * *", "minute field \"61\": 61 is out of range 0-59"),
        ("* 24 * * *", "hour field \"24\": 24 is out of range 0-23"),
        ("* * 0 * *", "day-of-month field \"0\": 0 is out of range 1-31"),
        ("* * 32 * *", "day-of-month field \"32\": 32 is out of range 1-31"),
        ("* * * 13 *", "month field \"13\": 13 is out of range 1-12"),
        ("* * * * 8", "day-of-week field \"8\": 8 is out of range 0-7"),
        ("0,060 * * * *", "minute field \"0,060\": 60 is out of range 0-59"),
        (
            "99999999999999999999 * * * *",
            "minute field \"99999999999999999999\": 99999999999999999999 is out of range 0-59"
        ),
        ("* * * * mon-frx", "day-of-week field \"mon-frx\": \"frx\" is not a weekday name"),
        ("* * * * monday", "day-of-week field \"monday\": \"monday\" is not a weekday name"),
        ("* * * foo *", "month field \"foo\": \"foo\" is not a month name"),
        ("* * * mon *", "month field \"mon\": \"mon\" is not a month name"),
        ("* * * * 1?", "day-of-week field \"1?\": \"1?\" is not a number or a weekday name"),
        ("mon * * * *", "minute field \"mon\": \"mon\" is not a number"),
        ("* +5 * * *", "hour field \"+5\": \"+5\" is not a number"),
        ("*/0 * * * *", "minute field \"*/0\": step 0 must be at least 1"),
        ("*/x * * * *", "minute field \"*/x\": step \"x\" is not a number"),
        ("*/ * * * *", "minute field \"*/\": \"*/\" has no step after \"/\""),
        ("*/5/2 * * * *", "minute field \"*/5/2\": \"*/5/2\" has more than one \"/\""),
        ("5-1 * * * *", "minute field \"5-1\": range 5-1 is backwards (its start is after its end)"),
        (
            "* * * * sat-mon",
            "day-of-week field \"sat-mon\": range 6-1 is backwards (its start is after its end)"
        ),
        ("1-2-3 * * * *", "minute field \"1-2-3\": \"1-2-3\" is not a number or a range"),
        ("1- * * * *", "minute field \"1-\": \"1-\" is not a number or a range"),
        ("-5 * * * *", "minute field \"-5\": \"-5\" is not a number or a range"),
        ("*-5 * * * *", "minute field \"*-5\": \"*\" is not a number"),
        ("1,,2 * * * *", "minute field \"1,,2\": the list has an empty item"),
        ("1, * * * *", "minute field \"1,\": the list has an empty item"),
        (
            "0 0 31 2 *",
            "day-of-month field \"31\": month field \"2\" has no such day, so the expression never fires"
        ),
        (
            "0 0 31 2 */1",
            "day-of-month field \"31\": month field \"2\" has no such day, so the expression never fires"
        ),
        (
            "0 0 30,31 feb *",
            "day-of-month field \"30,31\": month field \"feb\" has no such day, so the expression never fires"
        ),
        (
            "0 0 31 apr,jun,sep,nov *",
            "day-of-month field \"31\": month field \"apr,jun,sep,nov\" has no such day, so the expression never fires"
        ),
        (
            "@reboot",
            "@reboot is not supported: a schedule repeats (use one of \(CronExpressionTests.macros))"
        ),
        ("@often", "unknown macro \"@often\" (use one of \(CronExpressionTests.macros))"),
        ("@daily 5", "macro \"@daily\" must stand alone, without further fields"),
    ])
    func rejectsWithTheFaultyFieldNamed(text: String, message: String) {
        #expect(throws: CronError.self) { try CronExpression(text) }
        do {
            _ = try CronExpression(text)
        } catch {
            #expect(error.description == message)
        }
    }

    static let macros = "@yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly"

    @Test func theErrorNamesItsFieldAndText() {
        #expect(throws: CronError(field: .hour, text: "24", reason: "24 is out of range 0-23")) {
            try CronExpression("0 24 * * *")
        }
    }

    @Test(arguments: [
        "0 0 29 2 *", "0 0 31 2 fri", "0 0 29 2 */1", "0 0 30 2,3 *", "0 0 */31 2 *", "0 0 31 * *",
    ])
    func possibleDayAndMonthCombinationsAreAccepted(text: String) throws {
        _ = try CronExpression(text)
    }

    @Test func civilCalendarAgreesWithFoundation() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        for day in stride(from: -30_000, through: 160_000, by: 37) {
            let date = Date(timeIntervalSince1970: TimeInterval(day) * 86_400)
            let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: date)
            let civil = CivilCalendar.date(ofDay: day)
            #expect([civil.year, civil.month, civil.day] == [parts.year, parts.month, parts.day])
            #expect(CivilCalendar.weekday(ofDay: day) + 1 == parts.weekday)
            #expect(CivilCalendar.days(year: civil.year, month: civil.month, day: civil.day) == day)
        }
    }
}
