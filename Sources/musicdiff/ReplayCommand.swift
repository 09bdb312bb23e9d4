import ArgumentParser
import Foundation
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

    func run() throws {
        let environment = Environment()
        let resolved = try environment.resolver.resolve(environment.absolutePolicy(policy))
        let (history, _) = try options.read(environment, readings: true)
        let report = try ReplayReport(history: history, policy: resolved.policy)
        print(options.json ? report.json() : report.text(), terminator: "")
    }
}
