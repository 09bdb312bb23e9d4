import Foundation
import MusicdiffTestSupport
import Testing

@testable import MusicdiffCore
@testable import MusicdiffDaemon

/// The job's `MUSICDIFF_*` variables of what the daemon saw: known readings in their words,
/// unknown ones as `unknown`, what does not apply empty.
@Suite struct JobContextTests {
    @Test func knownReadingsAreSaidInTheirWords() {
        let context = JobContext(
            network: .known(NetworkState(metered: .guessYes, primary: .wifi, connectivity: .full)),
            battery: .known(BatteryState(onBattery: true, percent: 34.6, source: "UPower")),
            overdue: .seconds(5400),
            relaxStep: .seconds(3600),
            deadline: Date(timeIntervalSince1970: 1_800_000_000),
            lastStop: "the network turned metered (yes)"
        )
        #expect(
            context.environment == [
                "MUSICDIFF_METERED": "yes", "MUSICDIFF_ON_BATTERY": "1", "MUSICDIFF_BATTERY_PERCENT": "35",
                "MUSICDIFF_NETWORK": "wifi", "MUSICDIFF_OVERDUE_SECONDS": "5400",
                "MUSICDIFF_RELAX_STEP": "1h",
                "MUSICDIFF_DEADLINE": "2027-01-15T08:00:00Z",
                "MUSICDIFF_LAST_STOP": "the network turned metered (yes)",
            ]
        )
    }

    @Test func unknownReadingsSayUnknownAndWhatDoesNotApplyIsEmpty() {
        let context = JobContext(
            network: .known(NetworkState(metered: .unknown, primary: .other("vpn"), connectivity: .full)),
            battery: .known(BatteryState(onBattery: false, percent: nil, source: "UPower"))
        )
        #expect(
            context.environment == [
                "MUSICDIFF_METERED": "unknown", "MUSICDIFF_ON_BATTERY": "0",
                "MUSICDIFF_BATTERY_PERCENT": "unknown",
                "MUSICDIFF_NETWORK": "vpn", "MUSICDIFF_OVERDUE_SECONDS": "0", "MUSICDIFF_RELAX_STEP": "",
                "MUSICDIFF_DEADLINE": "", "MUSICDIFF_LAST_STOP": "",
            ]
        )
        #expect(JobContext().environment["MUSICDIFF_NETWORK"] == "unknown")
        #expect(JobContext().environment["MUSICDIFF_ON_BATTERY"] == "unknown")
    }

    @Test func aMachinesStartSaysHowOverdueTheSyncIs() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let start = DaemonMachine.JobStart(dueSince: now.addingTimeInterval(-90), decision: nil)
        let context = JobContext(start: start, readings: .testing(), lastStop: nil, at: now)
        #expect(context.overdue == .seconds(90))
        #expect(context.relaxStep == nil && context.deadline == nil)
        let early = DaemonMachine.JobStart(dueSince: now.addingTimeInterval(30), decision: nil)
        #expect(JobContext(start: early, readings: .testing(), lastStop: nil, at: now).overdue == .zero)
    }

    @Test func theRequestCarriesTheContextBesideTheSettings() {
        var request = SyncRequest(trigger: .manual)
        request.context.lastStop = "the battery ran low"
        #expect(request.environment["MUSICDIFF_LAST_STOP"] == "the battery ran low")
        #expect(request.environment["MUSICDIFF_SYNC_TRIGGER"] == "manual")
    }
}
