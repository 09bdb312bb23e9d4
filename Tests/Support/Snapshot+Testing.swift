import Foundation
import MusicdiffCore

extension Snapshot {
    /// A snapshot for a test: the readings not given are unknown, as before anything is read.
    package static func testing(
        lastSync: Reading<LastSync> = .known(.never),
        dueSince: Date? = nil,
        idle: Reading<IdleState> = .unknown(reason: "not read"),
        network: Reading<NetworkState> = .unknown(reason: "not read"),
        load: Reading<LoadState> = .unknown(reason: "not read"),
        battery: Reading<BatteryState> = .unknown(reason: "not read"),
        powerProfile: Reading<PowerProfileState> = .unknown(reason: "not read"),
        storage: Reading<StorageState> = .unknown(reason: "not read"),
        busy: Reading<BusyState> = .unknown(reason: "not read"),
        activity: Reading<ActivityState> = Snapshot.notTracked
    ) -> Snapshot {
        Snapshot(lastSync: lastSync, dueSince: dueSince, activity: activity) { reading in
            switch reading {
            case .idle: AnyReading(idle)
            case .network: AnyReading(network)
            case .load: AnyReading(load)
            case .battery: AnyReading(battery)
            case .powerProfile: AnyReading(powerProfile)
            case .storage: AnyReading(storage)
            case .busy: AnyReading(busy)
            }
        }
    }
}
