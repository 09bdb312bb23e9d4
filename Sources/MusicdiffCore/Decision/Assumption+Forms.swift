import Foundation

// The forms of `--assume` values that take more than a line: their parsing, and the network
// state an assumed network makes. Which readings were assumed is ``AssumedReadings``.

extension Assumption {
    /// `none`, or kinds with commas between (`camera,microphone`).
    static func busy(_ text: String, _ argument: String) throws(AssumptionError) -> [BusyKind] {
        if text == "none" { return [] }
        var kinds: [BusyKind] = []
        for name in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let kind = BusyKind(rawValue: String(name)) else {
                throw AssumptionError(
                    argument,
                    "busy is none, or kinds in use with commas between: idle-inhibitor, gamemode, camera,"
                        + " microphone (like busy=camera)"
                )
            }
            kinds.append(kind)
        }
        return kinds
    }

    static func network(_ text: String, _ argument: String) throws(AssumptionError) -> NetworkForm {
        switch text {
        case "offline": return .offline
        case "metered": return .metered
        case "unmetered": return .unmetered
        case "ethernet": return .ethernet
        case "wifi": return .wifi(ssid: nil)
        default:
            guard text.hasPrefix("wifi:"), text.count > 5 else {
                throw AssumptionError(
                    argument,
                    "network is offline, metered, unmetered, wifi, wifi:SSID or ethernet"
                )
            }
            return .wifi(ssid: String(text.dropFirst(5)))
        }
    }
}

extension Snapshot {
    static func network(_ form: Assumption.NetworkForm, current: NetworkState?) -> NetworkState {
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

/// Which readings of a snapshot were assumed (`why-not --assume`) rather than read.
package struct AssumedReadings: OptionSet, Sendable, Equatable {
    /// The bits.
    package let rawValue: UInt8
    /// Creates a set from its bits.
    package init(rawValue: UInt8) { self.rawValue = rawValue }
    /// The idle reading.
    package static let idle = AssumedReadings(.idle)
    /// The network reading.
    package static let network = AssumedReadings(.network)
    /// The load reading.
    package static let load = AssumedReadings(.load)
    /// The battery reading.
    package static let battery = AssumedReadings(.battery)
    /// The power profile reading.
    package static let powerProfile = AssumedReadings(.powerProfile)
    /// The free space reading.
    package static let storage = AssumedReadings(.storage)
    /// The busy reading.
    package static let busy = AssumedReadings(.busy)

    /// The assumed reading a rule judges, if any.
    static func of(_ rule: Verdict.Rule) -> AssumedReadings {
        rule.parts.reads.map { AssumedReadings($0.reading) } ?? []
    }

    /// The set of one reading.
    init(_ reading: MachineReading) {
        self.init(rawValue: 1 << MachineReading.allCases.firstIndex(of: reading)!)
    }
}
