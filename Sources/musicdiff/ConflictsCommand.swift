import ArgumentParser
import Foundation
import MusicdiffDaemon

/// `musicdiff conflicts [--json]`: the conflicts the last syncs reported and no later sync
/// saw resolved, with when each was first reported.
struct ConflictsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conflicts",
        abstract: "List the conflicts the sync left for you to resolve, with when each was first reported.",
        discussion:
            "A conflict is open while the last sync that reported on conflicts lists it; one that a later report leaves out was resolved."
    )

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func run() throws {
        let path = Environment().home.stateFile
        let runs = try StateStore.openForReading(path: path).map {
            try $0.recentRuns(limit: StateStore.keptRuns)
        }
        let report = ConflictsReport(open: OpenConflicts(runs: runs ?? []), now: Date())
        print(json ? report.json() : report.text(), terminator: "")
    }
}
