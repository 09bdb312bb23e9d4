import Foundation

/// Which readings of a snapshot were assumed (`why-not --assume`) rather than read.
public struct AssumedReadings: OptionSet, Sendable, Equatable {
    /// The bits.
    public let rawValue: UInt8
    /// Creates a set from its bits.
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// The idle reading.
    public static let idle = AssumedReadings(.idle)
    /// The network reading.
    public static let network = AssumedReadings(.network)
    /// The load reading.
    public static let load = AssumedReadings(.load)
    /// The battery reading.
    public static let battery = AssumedReadings(.battery)
    /// The power profile reading.
    public static let powerProfile = AssumedReadings(.powerProfile)
    /// The free space reading.
    public static let storage = AssumedReadings(.storage)
    /// The busy reading.
    public static let busy = AssumedReadings(.busy)

    /// The assumed reading a rule judges, if any.
    static func of(_ rule: Verdict.Rule) -> AssumedReadings {
        rule.parts.reads.map { AssumedReadings($0.reading) } ?? []
    }

    /// The set of one reading.
    init(_ reading: MachineReading) {
        self.init(rawValue: 1 << MachineReading.allCases.firstIndex(of: reading)!)
    }
}

extension Snapshot {
    /// This snapshot with `assumptions` in place of the readings they name, at `now` (an
    /// assumed idle time counts back from it). Readings not named stay as they were.
    /// `wifi` and `ethernet` are taken as not metered, as NetworkManager guesses for them.
    public func assuming(_ assumptions: [Assumption], at now: Date) -> Snapshot {
        var snapshot = self
        for assumption in assumptions {
            switch assumption.value {
            case .ac(let on):
                var state =
                    snapshot.battery.value ?? BatteryState(onBattery: !on, percent: nil, source: "assumed")
                state.onBattery = !on
                snapshot.battery = .known(state)
                snapshot.assumed.insert(.battery)
            case .battery(let percent):
                var state =
                    snapshot.battery.value ?? BatteryState(onBattery: true, percent: nil, source: "assumed")
                state.percent = percent
                snapshot.battery = .known(state)
                snapshot.assumed.insert(.battery)
            case .network(let form):
                snapshot.network = .known(Self.network(form, current: snapshot.network.value))
                snapshot.assumed.insert(.network)
            case .idle(let idleFor):
                snapshot.idle = .known(
                    IdleState(idleSince: idleFor.map { now.adding(.zero - $0) }, source: "assumed")
                )
                snapshot.assumed.insert(.idle)
            case .load(let perCore):
                let cpus = snapshot.load.value?.cpus ?? 1
                snapshot.load = .known(LoadState(oneMinute: perCore * Double(cpus), cpus: cpus))
                snapshot.assumed.insert(.load)
            case .power(let profile):
                snapshot.powerProfile = .known(
                    PowerProfileState(profile: profile.rawValue, source: "assumed")
                )
                snapshot.assumed.insert(.powerProfile)
            case .storage(let free):
                let known = snapshot.storage.value
                snapshot.storage = .known(
                    StorageState(
                        mount: known?.mount ?? "assumed",
                        free: free,
                        total: max(known?.total ?? free, free)
                    )
                )
                snapshot.assumed.insert(.storage)
            case .busy(let kinds):
                snapshot.busy = .known(BusyState.assumed(kinds))
                snapshot.assumed.insert(.busy)
            }
        }
        return snapshot
    }

    private static func network(_ form: Assumption.NetworkForm, current: NetworkState?) -> NetworkState {
        let online = current.map { $0.isOnline && $0.primary != .none } ?? false
        let primary = online ? current!.primary : .wifi
        let ssid = online ? current!.ssid : nil
        switch form {
        case .offline:
            return NetworkState(
                metered: .unknown,
                primary: .none,
                ssid: nil,
                connectivity: .none,
                source: "assumed"
            )
        case .metered:
            return NetworkState(
                metered: .yes,
                primary: primary,
                ssid: ssid,
                connectivity: .full,
                source: "assumed"
            )
        case .unmetered:
            return NetworkState(
                metered: .no,
                primary: primary,
                ssid: ssid,
                connectivity: .full,
                source: "assumed"
            )
        case .wifi(let name):
            let keep = current?.primary == .wifi ? current?.ssid : nil
            return NetworkState(
                metered: .guessNo,
                primary: .wifi,
                ssid: name ?? keep,
                connectivity: .full,
                source: "assumed"
            )
        case .ethernet:
            return NetworkState(
                metered: .guessNo,
                primary: .ethernet,
                ssid: nil,
                connectivity: .full,
                source: "assumed"
            )
        }
    }
}
