import ArgumentParser
import Foundation
import MusicdiffCore
import MusicdiffDaemon

/// The daemon's scheduling flags, shared by `daemon` and `service install`.
struct DaemonFlags: ParsableArguments {
    @Option(help: "Seconds between syncs (or a duration: 6h), counted from the last run.")
    var interval: String?

    @Option(help: "A 5-field cron expression in local time, e.g. \"0 2 * * *\".")
    var schedule: String?

    @Flag(help: "Gate each due sync with the policy.")
    var smart = false

    @Option(help: "The policy: a name or a YAML file (implies --smart).", completion: PolicyCompletion.kind)
    var policy: String?

    func validate() throws {
        if let interval {
            guard let duration = DurationText.parse(interval), duration >= Config.minimumInterval else {
                throw ValidationError(
                    "--interval must be a duration of at least 60 seconds, like 21600 or 6h"
                )
            }
            guard duration <= DurationText.maximum else {
                throw ValidationError(
                    "--interval must be at most \(DurationText.maximumText), like 21600 or 6h"
                )
            }
        }
        if interval != nil, schedule != nil {
            throw ValidationError("give --interval or --schedule, not both")
        }
    }

    /// The flags as the daemon takes them, with a relative policy path made absolute.
    func options(_ environment: Environment) -> DaemonOptions {
        DaemonOptions(
            interval: interval.flatMap(DurationText.parse),
            schedule: schedule,
            smart: smart,
            policy: policy.map(environment.absolutePolicy)
        )
    }

    /// The flags again, for a detached daemon or a service unit: the schedule and the policy
    /// checked as the daemon checks them, the policy path made absolute.
    func arguments(_ environment: Environment) throws -> [String] {
        var flags: [String] = []
        if let interval { flags += ["--interval", interval] }
        if let schedule {
            do {
                _ = try CronExpression(schedule)
            } catch {
                throw DaemonError.schedule(text: schedule, problem: error.description)
            }
            flags += ["--schedule", schedule]
        }
        if smart { flags.append("--smart") }
        if let policy {
            _ = try environment.resolver.resolve(policy)
            flags += ["--policy", environment.absolutePolicy(policy)]
        }
        return flags
    }
}
