import Foundation
import MusicdiffCore

// Each machine reading's line on `daemon.sock`: its fields as the daemon writes them and as
// `why-not` reads them back, one `switch` over ``MachineReading`` each, side by side.

extension DaemonReadings.Machine {
    /// The fields of one reading's line (after its name).
    func fields(_ reading: MachineReading) -> [String] {
        typealias Reply = DaemonReadings
        switch reading {
        case .idle:
            return Reply.fields(readings.idle) {
                [Reply.optional($0.idleSince?.timeIntervalSince1970), $0.source]
            }
        case .network:
            return Reply.fields(readings.network) { network in
                [
                    network.metered.rawValue, MomentRow.kindText(network.primary),
                    network.connectivity.rawValue, Reply.optional(network.ssid), network.source,
                ]
            }
        case .load:
            return Reply.fields(readings.load) { [String($0.oneMinute), String($0.cpus)] }
        case .battery:
            return Reply.fields(readings.battery) { battery in
                [
                    String(battery.onBattery), Reply.optional(battery.percent), Reply.optional(battery.state),
                    battery.source,
                ]
            }
        case .powerProfile:
            return Reply.fields(readings.powerProfile) { [$0.profile, $0.source] }
        case .storage:
            return Reply.fields(readings.storage) { [$0.mount, String($0.free), String($0.total)] }
        case .busy:
            return Reply.fields(readings.busy) { $0.fields }
        }
    }
}

extension DaemonReadings.Machine {
    /// Reads the line of `reading` (its fields after the name) into these readings; false when
    /// it is damaged.
    mutating func read(_ reading: MachineReading, _ fields: [String]) -> Bool {
        typealias Reply = DaemonReadings
        switch reading {
        case .idle: return Reply.reading(fields, Reply.idleState).map { readings.idle = $0 } != nil
        case .network: return Reply.reading(fields, Reply.networkState).map { readings.network = $0 } != nil
        case .load: return Reply.reading(fields, Reply.loadState).map { readings.load = $0 } != nil
        case .battery: return Reply.reading(fields, Reply.batteryState).map { readings.battery = $0 } != nil
        case .powerProfile:
            return Reply.reading(fields, Reply.powerProfileState).map { readings.powerProfile = $0 } != nil
        case .storage: return Reply.reading(fields, Reply.storageState).map { readings.storage = $0 } != nil
        case .busy: return Reply.reading(fields, Reply.busyState).map { readings.busy = $0 } != nil
        }
    }
}

extension DaemonReadings {
    static func idleState(_ fields: [String]) -> Parsed<IdleState> {
        guard fields.count == 2, let since = optionalNumber(fields[0], OutsideNumber.time.named("idle start"))
        else { return nil }
        return since.map {
            IdleState(idleSince: $0.map(Date.init(timeIntervalSince1970:)), source: fields[1])
        }
    }

    static func networkState(_ fields: [String]) -> Parsed<NetworkState> {
        guard fields.count == 5, let metered = NetworkState.Metered(rawValue: fields[0]),
            let primary = MomentRow.kind(fields[1]),
            let connectivity = NetworkState.Connectivity(rawValue: fields[2]), let ssid = optional(fields[3])
        else { return nil }
        return .success(
            NetworkState(
                metered: metered,
                primary: primary,
                ssid: ssid,
                connectivity: connectivity,
                source: fields[4]
            )
        )
    }

    static func loadState(_ fields: [String]) -> Parsed<LoadState> {
        guard fields.count == 2 else { return nil }
        return OutsideNumber.loadAverage.check(text: fields[0]).flatMap { load in
            OutsideNumber.cpuCount.check(integerText: fields[1]).map { LoadState(oneMinute: load, cpus: $0) }
        }
    }

    static func batteryState(_ fields: [String]) -> Parsed<BatteryState> {
        guard fields.count == 4, let onBattery = Bool(fields[0]),
            let percent = optionalNumber(fields[1], .batteryPercent), let state = optional(fields[2])
        else { return nil }
        return percent.map {
            BatteryState(onBattery: onBattery, percent: $0, state: state, source: fields[3])
        }
    }
    static func powerProfileState(_ fields: [String]) -> Parsed<PowerProfileState> {
        guard fields.count == 2, !fields[0].isEmpty else { return nil }
        return .success(PowerProfileState(profile: fields[0], source: fields[1]))
    }

    static func busyState(_ fields: [String]) -> Parsed<BusyState> {
        BusyState(fields: fields).map { .success($0) }
    }

    static func storageState(_ fields: [String]) -> Parsed<StorageState> {
        guard fields.count == 3 else { return nil }
        let size = OutsideNumber.fileSystemSize
        return size.check(text: fields[1]).flatMap { free in
            size.check(text: fields[2]).map { StorageState(mount: fields[0], free: free, total: $0) }
        }
    }
}
