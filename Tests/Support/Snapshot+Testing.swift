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

extension Snapshot {
    /// A snapshot with every reading of the machine known, each with a value that every part
    /// of it can show (an idle start, a Wi-Fi name, a charge): for tests that walk the list of
    /// readings through the socket and the store.
    package static func everyReadingKnown(at now: Date) -> Snapshot {
        Snapshot(lastSync: .known(.never), dueSince: nil, activity: Snapshot.notTracked) { reading in
            switch reading {
            case .idle:
                AnyReading(.known(IdleState(idleSince: now.addingTimeInterval(-600), source: "logind")))
            case .network:
                AnyReading(
                    .known(
                        NetworkState(
                            metered: .no,
                            primary: .wifi,
                            ssid: "Home\tNet",
                            connectivity: .full
                        )
                    )
                )
            case .load: AnyReading(.known(LoadState(oneMinute: 0.75, cpus: 4)))
            case .battery:
                AnyReading(
                    .known(
                        BatteryState(onBattery: true, percent: 61.5, state: "discharging", source: "UPower")
                    )
                )
            case .powerProfile: AnyReading(.known(PowerProfileState(profile: "power-saver", source: "ppd")))
            case .storage: AnyReading(.known(StorageState(mount: "/home", free: 5e10, total: 5e11)))
            case .busy: AnyReading(.known(BusyState([.camera: .inUse("cheese"), .microphone: .free])))
            }
        }
    }
}
