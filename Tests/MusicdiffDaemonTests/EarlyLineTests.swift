import Foundation
import MusicdiffCore
import Testing

@testable import MusicdiffDaemon

/// The early start's line in `why-not` and `daemon status`.
@Suite struct EarlyLineTests {
    @Test func theLineSaysFromWhenOrNow() {
        let now = PauseReportTests.now
        let utc = PauseReportTests.utc
        #expect(
            WhyNotReport.earlyLine(now.addingTimeInterval(3600), now: now, timeZone: utc)
                == "early start possible from 15:00 (every rule must hold)"
        )
        #expect(
            WhyNotReport.earlyLine(now, now: now, timeZone: utc)
                == "early start possible now (every rule must hold)"
        )
    }
}
