import Foundation

extension HistorySimulator {
    /// A laptop's days, the same every day, from local midnight of `start` (UTC): away at
    /// night at home on Wi-Fi and AC; at the keyboard in the morning; on a metered phone
    /// hotspot and battery on the way; at the office on Ethernet, with a busy hour; on battery
    /// at 35 % on the way home; at the keyboard in the evening; away from 23:00. The third day
    /// (index 2) the daemon is down from 09:00 to 21:00; on the fifth (index 4) the first sync
    /// after 04:00 meets a metered hotspot 2 minutes in, for a minute: a `while_running`
    /// network rule stops it.
    /// `busy`: the user is at the keyboard all day and night but for 03:00 to 04:00, so a due
    /// sync is held back, and decided on every poll tick, nearly all the time.
    /// Its other readings are each state's ``MachineState/typical`` one.
    package static func laptop(
        policy: Policy,
        plan: SchedulePlan,
        start: Date,
        days: Int,
        runLength: Duration = .seconds(600),
        busy: Bool = false
    ) -> HistorySimulator {
        var changes: [Change] = []
        for day in 0..<days {
            let midnight = start.addingTimeInterval(Double(day) * 86_400)
            func at(_ hour: Double) -> Date { midnight.addingTimeInterval(hour * 3600) }
            let home = network(.no, .wifi, "Home")
            let hotspot = network(.guessYes, .wifi, "Pixel")
            let office = network(.no, .ethernet, nil)
            let day: [(Double, Date?, Reading<NetworkState>, Double?, Double)] = [
                // hour, idle since (nil: active), network, battery % (nil: AC), load per core
                (0, at(-1), home, nil, 0.1),
                (7.5, nil, home, nil, 0.2),
                (8.5, nil, hotspot, 80, 0.2),
                (9.25, nil, office, nil, 0.3),
                (12, at(12), office, nil, 0.1),
                (13, nil, office, nil, 0.3),
                (14, at(14), office, nil, 0.9),
                (15, nil, office, nil, 0.3),
                (17.5, at(17.5), hotspot, 35, 0.1),
                (18.5, nil, home, nil, 0.3),
                (23, at(23), home, nil, 0.1),
            ]
            let busyDay: [(Double, Date?, Reading<NetworkState>, Double?, Double)] = [
                (0, nil, home, nil, 0.3), (3, at(3), home, nil, 0.1), (4, nil, home, nil, 0.3),
            ]
            for (hour, idleSince, net, percent, load) in busy ? busyDay : day {
                var readings = Snapshot(
                    lastSync: .known(.never),
                    dueSince: nil,
                    activity: Snapshot.notTracked
                ) {
                    .typical($0)
                }
                readings.idle = .known(IdleState(idleSince: idleSince, source: "logind session 2"))
                readings.network = net
                readings.load = .known(LoadState(oneMinute: load * 4, cpus: 4))
                readings.battery = .known(
                    BatteryState(onBattery: percent != nil, percent: percent ?? 100, source: "UPower")
                )
                changes.append(Change(at: at(hour), readings: readings))
            }
        }
        let dayLength: TimeInterval = 86_400
        let down =
            days > 2
            ? [
                start.addingTimeInterval(
                    2 * dayLength + 9 * 3600
                )..<start.addingTimeInterval(2 * dayLength + 21 * 3600)
            ] : []
        let stops = days > 4 ? [start.addingTimeInterval(4 * dayLength + 4 * 3600)] : []
        return HistorySimulator(
            policy: policy,
            plan: plan,
            runLength: runLength,
            changes: changes,
            down: down,
            stops: stops
        )
    }

    static func network(
        _ metered: NetworkState.Metered,
        _ kind: NetworkState.Kind,
        _ ssid: String?
    ) -> Reading<NetworkState> {
        .known(NetworkState(metered: metered, primary: kind, ssid: ssid, connectivity: .full))
    }
}
