import Foundation

@testable import MusicdiffCore

/// A fixed moment and small builders for engine tests: the clock is injected, never read.
enum Fixture {
    /// 2027-01-15 12:00:00 UTC.
    static let noon = Date(timeIntervalSince1970: 1_800_014_400)

    static func at(_ date: Date, offset: Int = 0) -> LocalInstant {
        LocalInstant(date: date, utcOffset: offset)
    }

    /// The instant at local `hh:mm:ss` on the fixture's day, for a zone `offset` seconds east of UTC.
    static func local(_ hour: Int, _ minute: Int, _ second: Int = 0, offset: Int = 0) -> LocalInstant {
        let midnightUTC = noon.addingTimeInterval(-43_200)
        let date = midnightUTC.addingTimeInterval(Double(hour * 3600 + minute * 60 + second - offset))
        return LocalInstant(date: date, utcOffset: offset)
    }

    static func battery(onBattery: Bool, percent: Double?) -> Reading<BatteryState> {
        .known(BatteryState(onBattery: onBattery, percent: percent, state: nil, source: "UPower"))
    }

    static func network(
        _ metered: NetworkState.Metered = .guessNo,
        _ kind: NetworkState.Kind = .wifi,
        ssid: String? = "HomeNet",
        connectivity: NetworkState.Connectivity = .full
    ) -> Reading<NetworkState> {
        .known(NetworkState(metered: metered, primary: kind, ssid: ssid, connectivity: connectivity))
    }

    static func idle(since: Date?) -> Reading<IdleState> {
        .known(IdleState(idleSince: since, source: "logind session 2"))
    }

    static func decide(_ policy: Policy, _ snapshot: Snapshot, _ now: LocalInstant = at(noon)) -> Decision {
        PolicyEngine.decide(policy, on: snapshot, at: now)
    }
}
