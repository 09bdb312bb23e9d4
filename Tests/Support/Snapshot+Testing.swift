import Foundation
import MusicdiffCore

extension Snapshot {
    /// A snapshot for a test: the readings not given are unknown, as before anything is read.
    public static func testing(
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
        Snapshot(
            lastSync: lastSync,
            dueSince: dueSince,
            idle: idle,
            network: network,
            load: load,
            battery: battery,
            powerProfile: powerProfile,
            storage: storage,
            busy: busy,
            activity: activity
        )
    }
}
