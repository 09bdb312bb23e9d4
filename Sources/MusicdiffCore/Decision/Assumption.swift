import Foundation

/// One reading replaced for a what-if question (`why-not --assume KEY=VALUE`): the engine
/// decides as if the sensor had said this.
package struct Assumption: Sendable, Equatable {
    /// What is assumed.
    package enum Value: Sendable, Equatable {
        /// `ac=on` (true) or `ac=off`.
        case ac(Bool)
        /// `battery=PERCENT`.
        case battery(Double)
        /// `network=offline|metered|unmetered|wifi[:SSID]|ethernet`.
        case network(NetworkForm)
        /// `idle=DURATION` (idle that long), or `idle=active` (nil).
        case idle(Duration?)
        /// `load=PER_CORE`.
        case load(Double)
        /// `power=power-saver|balanced|performance`.
        case power(PowerProfileRule.Profile)
        /// `storage=FREE` (`500MiB`): the free space, in bytes.
        case storage(Double)
        /// `busy=camera[,microphone...]` (those in use, the others not), `busy=none` (empty).
        case busy([BusyKind])
    }

    /// The forms of `network=`.
    package enum NetworkForm: Sendable, Equatable {
        case offline
        case metered
        case unmetered
        case wifi(ssid: String?)
        case ethernet
    }

    /// The key as written (`ac`).
    package let key: String
    /// The value as written (`on`).
    package let text: String
    /// What it means.
    package let value: Value

    /// The accepted forms, as errors list them.
    package static let forms =
        "ac=on|off, battery=PERCENT, network=offline|metered|unmetered|wifi[:SSID]|ethernet,"
        + " idle=DURATION|active, load=PER_CORE, power=power-saver|balanced|performance,"
        + " storage=FREE, busy=none|idle-inhibitor|gamemode|camera|microphone[,...]"

    /// Parses `KEY=VALUE`, or throws a one-line error that names the accepted forms.
    package init(_ argument: String) throws(AssumptionError) {
        guard let equals = argument.firstIndex(of: "=") else {
            throw AssumptionError(argument, "it is not KEY=VALUE")
        }
        key = String(argument[..<equals])
        text = String(argument[argument.index(after: equals)...])
        switch key {
        case "ac":
            guard let on = ["on": true, "off": false][text] else {
                throw AssumptionError(argument, "ac is on or off")
            }
            value = .ac(on)
        case "battery":
            guard let percent = Double(text.hasSuffix("%") ? String(text.dropLast()) : text),
                (0...100).contains(percent)
            else { throw AssumptionError(argument, "battery is a charge from 0 to 100, like battery=30") }
            value = .battery(percent)
        case "network":
            value = .network(try Self.network(text, argument))
        case "idle":
            if text == "active" {
                value = .idle(nil)
            } else if let duration = DurationText.parse(text), duration >= .zero,
                duration <= DurationText.maximum
            {
                value = .idle(duration)
            } else {
                throw AssumptionError(argument, "idle is a duration, like idle=20m, or active")
            }
        case "load":
            guard let perCore = Double(text), perCore.isFinite, perCore >= 0 else {
                throw AssumptionError(argument, "load is the load per core, a number like load=0.5")
            }
            value = .load(perCore)
        case "power":
            guard let profile = PowerProfileRule.Profile(rawValue: text) else {
                throw AssumptionError(argument, "power is power-saver, balanced or performance")
            }
            value = .power(profile)
        case "storage":
            guard case .bytes(let free)? = FreeSpace(text) else {
                throw AssumptionError(argument, "storage is the free space, a size like storage=500MiB")
            }
            value = .storage(free)
        case "busy":
            value = .busy(try Self.busy(text, argument))
        default:
            let hint = Spelling.closest(
                to: key,
                in: ["ac", "battery", "network", "idle", "load", "power", "storage", "busy"]
            )
            throw AssumptionError(
                argument,
                "unknown key \"\(key)\"" + (hint.map { " (did you mean \"\($0)\"?)" } ?? "")
            )
        }
    }
}

/// A `--assume` argument that is not one of the accepted forms.
package struct AssumptionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, naming the argument and the accepted forms.
    package let message: String

    init(_ argument: String, _ problem: String) {
        message = "--assume \"\(argument)\": \(problem); accepted: \(Assumption.forms)"
    }

    /// The message.
    package var description: String { message }
}

extension Snapshot {
    /// This snapshot with `assumptions` in place of the readings they name, at `now` (an
    /// assumed idle time counts back from it). Readings not named stay as they were.
    /// `wifi` and `ethernet` are taken as not metered, as NetworkManager guesses for them.
    package func assuming(_ assumptions: [Assumption], at now: Date) -> Snapshot {
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
}
