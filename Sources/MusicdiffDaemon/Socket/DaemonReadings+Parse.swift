import Foundation
import MusicdiffCore

extension DaemonReadings {
    /// Who sent a reply, as the reason of a reading whose number is refused names it: `the
    /// daemon reported a battery percentage of inf`.
    static let sender = "the daemon"

    /// The reply in `bytes`, or why it cannot be used. Its numbers are checked as every number
    /// from outside is (``OutsideNumber``): a reading with one that is not finite or out of its
    /// range is unknown, saying so; a damaged first line makes the reply unreadable.
    public static func parse(_ bytes: [UInt8]) -> Result<DaemonReadings, ReadingsSocket.Failure> {
        let lines = String(decoding: bytes, as: UTF8.self).split(
            separator: "\n",
            omittingEmptySubsequences: false
        )
        .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(unescaped) }
        guard let head = lines.first, head.first == "musicdiff-readings", head.count == 4 else {
            return .failure(
                .unreadable(bytes.isEmpty ? "an empty reply" : "a reply that is not a readings line")
            )
        }
        guard head[1] == String(currentVersion) else {
            return .failure(.unreadable("a reply of version \(head[1]), not \(currentVersion)"))
        }
        guard let pid = Int32(head[2]), case .success(let at) = OutsideNumber.time.check(text: head[3]) else {
            return .failure(.unreadable("a reply whose first line is damaged"))
        }
        guard let end = lines.firstIndex(of: ["end"]) else {
            return .failure(.unreadable("a reply that ends early"))
        }
        var reply = DaemonReadings(pid: pid, at: Date(timeIntervalSince1970: at), snapshot: nil)
        var byName: [String: [String]] = [:]
        for fields in lines[1..<end] { byName[fields[0]] = Array(fields.dropFirst()) }
        if let loop = byName.removeValue(forKey: "loop") {
            guard let view = LoopView.parse(loop) else {
                return .failure(.unreadable("a damaged machine state"))
            }
            reply.loop = view
        }
        guard !byName.isEmpty else { return .success(reply) }
        var machine = Machine(
            idle: .missing,
            network: .missing,
            load: .missing,
            battery: .missing,
            powerProfile: .missing,
            storage: .missing,
            busy: .missing
        )
        for reading in MachineReading.allCases {
            guard let fields = byName[reading.rawValue], machine.read(reading, fields) else {
                return .failure(.unreadable("a reading it cannot read"))
            }
        }
        reply.machine = machine
        return .success(reply)
    }

    private static func unescaped(_ field: Substring) -> String {
        guard field.contains("\\") else { return String(field) }
        var out = ""
        var escaping = false
        for character in field {
            if escaping {
                out.append(character == "t" ? "\t" : character == "n" ? "\n" : character)
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                out.append(character)
            }
        }
        return out
    }

    /// A reading's value, or the number in it that was refused; nil when its fields are damaged.
    fileprivate typealias Parsed<Value> = Result<Value, Rejection>?

    /// The reading `fields` (after the name) hold, nil when they are damaged; unknown, saying
    /// which, when a number in them is refused.
    fileprivate static func reading<Value>(
        _ fields: [String],
        _ value: ([String]) -> Parsed<Value>
    ) -> Reading<Value>? {
        switch fields.first {
        case "known":
            switch value(Array(fields.dropFirst())) {
            case nil: nil
            case .success(let known): .known(known)
            case .failure(let rejection): .unknown(reason: rejection.reason(from: sender))
            }
        case "unknown" where fields.count == 2: .unknown(reason: fields[1])
        default: nil
        }
    }

    /// An optional field: nil for damaged text, `.some(nil)` for `-`.
    private static func optional(_ field: String) -> String?? {
        if field == "-" { return .some(nil) }
        guard field.hasPrefix("=") else { return nil }
        return .some(String(field.dropFirst()))
    }

    /// An optional number of `kind`: nil for damaged text, `nil` for `-`.
    private static func optionalNumber(_ field: String, _ kind: OutsideNumber) -> Parsed<Double?> {
        guard let text = optional(field) else { return nil }
        guard let text else { return .success(nil) }
        return kind.check(text: text).map { $0 }
    }

    fileprivate static func idleState(_ fields: [String]) -> Parsed<IdleState> {
        guard fields.count == 2, let since = optionalNumber(fields[0], OutsideNumber.time.named("idle start"))
        else { return nil }
        return since.map {
            IdleState(idleSince: $0.map(Date.init(timeIntervalSince1970:)), source: fields[1])
        }
    }

    fileprivate static func networkState(_ fields: [String]) -> Parsed<NetworkState> {
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

    fileprivate static func loadState(_ fields: [String]) -> Parsed<LoadState> {
        guard fields.count == 2 else { return nil }
        return OutsideNumber.loadAverage.check(text: fields[0]).flatMap { load in
            OutsideNumber.cpuCount.check(integerText: fields[1]).map { LoadState(oneMinute: load, cpus: $0) }
        }
    }

    fileprivate static func batteryState(_ fields: [String]) -> Parsed<BatteryState> {
        guard fields.count == 4, let onBattery = Bool(fields[0]),
            let percent = optionalNumber(fields[1], .batteryPercent), let state = optional(fields[2])
        else { return nil }
        return percent.map {
            BatteryState(onBattery: onBattery, percent: $0, state: state, source: fields[3])
        }
    }
}

extension DaemonReadings {
    fileprivate static func powerProfileState(_ fields: [String]) -> Parsed<PowerProfileState> {
        guard fields.count == 2, !fields[0].isEmpty else { return nil }
        return .success(PowerProfileState(profile: fields[0], source: fields[1]))
    }

    fileprivate static func busyState(_ fields: [String]) -> Parsed<BusyState> {
        BusyState(fields: fields).map { .success($0) }
    }

    fileprivate static func storageState(_ fields: [String]) -> Parsed<StorageState> {
        guard fields.count == 3 else { return nil }
        let size = OutsideNumber.fileSystemSize
        return size.check(text: fields[1]).flatMap { free in
            size.check(text: fields[2]).map { StorageState(mount: fields[0], free: free, total: $0) }
        }
    }
}

extension DaemonReadings.Machine {
    /// Reads the line of `reading` (its fields after the name) into these readings; false when
    /// it is damaged.
    fileprivate mutating func read(_ reading: MachineReading, _ fields: [String]) -> Bool {
        typealias Reply = DaemonReadings
        switch reading {
        case .idle: return Reply.reading(fields, Reply.idleState).map { idle = $0 } != nil
        case .network: return Reply.reading(fields, Reply.networkState).map { network = $0 } != nil
        case .load: return Reply.reading(fields, Reply.loadState).map { load = $0 } != nil
        case .battery: return Reply.reading(fields, Reply.batteryState).map { battery = $0 } != nil
        case .powerProfile:
            return Reply.reading(fields, Reply.powerProfileState).map { powerProfile = $0 } != nil
        case .storage: return Reply.reading(fields, Reply.storageState).map { storage = $0 } != nil
        case .busy: return Reply.reading(fields, Reply.busyState).map { busy = $0 } != nil
        }
    }
}

extension Reading {
    /// A reading not read yet from a reply: each is, or the reply is refused.
    fileprivate static var missing: Reading { .unknown(reason: "not in the reply") }
}
