import Foundation
import MusicdiffCore

/// What the daemon saw when it started the job, handed to the job in its environment so that
/// a sync engine that knows why it runs can do the right thing: skip artwork downloads on a
/// metered network, hurry when overdue.
///
/// A reading the daemon did not have (no policy reads it, or its sensor could not be read)
/// says `unknown`; what does not apply (no relax step in force, no deadline, no stop) is empty.
package struct JobContext: Sendable, Equatable {
    /// The network reading.
    package var network: Reading<NetworkState>
    /// The power reading.
    package var battery: Reading<BatteryState>
    /// How long the sync had been due when it started; zero when it was not due (a manual run).
    package var overdue: Duration
    /// The `after` of the relax step in force; nil when none is.
    package var relaxStep: Duration?
    /// The latest time the sync would have run (``Decision/deadline``); nil without one.
    package var deadline: Date?
    /// Why the last run was stopped by a `while_running` rule, when it was; nil otherwise.
    package var lastStop: String?

    /// Creates a context; the defaults are what a run with nothing known gets.
    package init(
        network: Reading<NetworkState> = .unknown(reason: "not read"),
        battery: Reading<BatteryState> = .unknown(reason: "not read"),
        overdue: Duration = .zero,
        relaxStep: Duration? = nil,
        deadline: Date? = nil,
        lastStop: String? = nil
    ) {
        self.network = network
        self.battery = battery
        self.overdue = overdue
        self.relaxStep = relaxStep
        self.deadline = deadline
        self.lastStop = lastStop
    }

    /// The context of a job the machine starts (`start`) at `now`, with the machine's
    /// `readings` and the last run's stop reason.
    package init(start: DaemonMachine.JobStart, readings: Snapshot, lastStop: String?, at now: Date) {
        self.init(
            network: readings.network,
            battery: readings.battery,
            overdue: max(start.dueSince.map { now.duration(since: $0) } ?? .zero, .zero),
            relaxStep: start.decision?.step?.after,
            deadline: start.decision?.deadline,
            lastStop: lastStop
        )
    }

    /// The value for unknown readings.
    package static let unknown = "unknown"

    /// The variables: `MUSICDIFF_METERED` (`yes`, `no`), `MUSICDIFF_ON_BATTERY` (`1`, `0`),
    /// `MUSICDIFF_BATTERY_PERCENT` (a whole number), `MUSICDIFF_NETWORK` (`wifi`, `ethernet`,
    /// `none`, or NetworkManager's type), each `unknown` when unknown;
    /// `MUSICDIFF_OVERDUE_SECONDS` (a whole number), `MUSICDIFF_RELAX_STEP` (the step's
    /// `after`, like `12h`), `MUSICDIFF_DEADLINE` (ISO 8601, UTC) and `MUSICDIFF_LAST_STOP`,
    /// each empty when it does not apply.
    package var environment: [String: String] {
        let network = network.value
        let battery = battery.value
        return [
            "MUSICDIFF_METERED": network.map { Self.metered($0.metered) } ?? Self.unknown,
            "MUSICDIFF_ON_BATTERY": battery.map { $0.onBattery ? "1" : "0" } ?? Self.unknown,
            "MUSICDIFF_BATTERY_PERCENT": battery?.percent.flatMap(Self.whole) ?? Self.unknown,
            "MUSICDIFF_NETWORK": network.map { Self.kind($0.primary) } ?? Self.unknown,
            "MUSICDIFF_OVERDUE_SECONDS": String(overdue.components.seconds),
            "MUSICDIFF_RELAX_STEP": relaxStep.map(DurationText.format) ?? "",
            "MUSICDIFF_DEADLINE": deadline.map { $0.formatted(.iso8601) } ?? "",
            "MUSICDIFF_LAST_STOP": lastStop ?? "",
        ]
    }

    /// A percentage as a whole number; nil for one that is not finite.
    static func whole(_ percent: Double) -> String? {
        percent.isFinite ? String(Int(percent.rounded())) : nil
    }

    /// `yes` (or NetworkManager's guess of it), `no` (or its guess), `unknown`.
    static func metered(_ metered: NetworkState.Metered) -> String {
        switch metered {
        case .yes, .guessYes: "yes"
        case .no, .guessNo: "no"
        case .unknown: unknown
        }
    }

    /// `wifi`, `ethernet`, `none`, or the type NetworkManager names (`vpn`, `gsm`...).
    static func kind(_ kind: NetworkState.Kind) -> String {
        switch kind {
        case .none: "none"
        case .wifi: "wifi"
        case .ethernet: "ethernet"
        case .other(let type): type
        }
    }
}
