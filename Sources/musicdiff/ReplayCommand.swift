import ArgumentParser
import Foundation
import MusicdiffCore
import MusicdiffDaemon

/// `musicdiff replay --policy P [--days N] [--json]`: the recorded days re-decided under P.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Re-decide the recorded days under a policy, beside what really happened.",
        discussion:
            "Uses the daemon's recorded schedule and readings: syncs P would have started, how long each due sync waited, and which rule held it longest."
    )

    @Option(help: "The policy to try: a name or a YAML file.", completion: PolicyCompletion.kind)
    var policy: String

    @OptionGroup var options: HistoryOptions

    @Flag(
        help:
            "Measure the predicted window instead: at each recorded due time of the days, was the sync possible inside the span predicted then? Hits, misses, median error."
    )
    var predict = false

    func run() throws {
        let environment = Environment()
        let resolved = try environment.resolver.resolve(environment.absolutePolicy(policy))
        if predict {
            // The days asked for, and up to 14 before them for the first predictions.
            let wide = min(30, options.days + Prediction.days)
            let (history, _) = try options.read(environment, readings: true, days: wide)
            let from = history.from.addingTimeInterval(Double(wide - options.days) * 86_400)
            let check = PredictionCheck.measure(
                resolved.policy,
                moments: history.moments,
                from: from,
                to: history.now
            )
            let name = resolved.policy.name
            print(
                options.json
                    ? ReplayReport.predictJSON(check, policy: name)
                    : ReplayReport.predictText(check, history: history, days: options.days, policy: name),
                terminator: ""
            )
            return
        }
        let (history, _) = try options.read(environment, readings: true)
        let report = try ReplayReport(history: history, policy: resolved.policy)
        print(options.json ? report.json() : report.text(), terminator: "")
    }
}
