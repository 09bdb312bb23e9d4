import Foundation
import MusicdiffDaemon
import MusicdiffTestSupport

/// A `MUSICDIFF_HOME` with a config and sync scripts, an optional private system bus with
/// mocked services, and the detached daemons started in it (killed when the fixture goes).
final class DaemonFixture {
    let cli: CLIFixture
    let bus: MockBus?
    var home: MusicdiffHome { MusicdiffHome(path: cli.home) }

    init(services: [MockService] = [], setup: (BusDriver) throws -> Void = { _ in }) throws {
        cli = try CLIFixture()
        guard !services.isEmpty else {
            bus = nil
            return
        }
        let bus = try MockBus()
        for service in services {
            try bus.start(service, parameters: service == .upower ? #"{"OnBattery": false}"# : nil)
        }
        try setup(bus.driver())
        self.bus = bus
    }

    deinit {
        if let pid = daemonPid { kill(pid, SIGKILL) }
        // A job the sync lock names outlives a daemon killed so; its group goes too.
        if let job = SyncLock.holder(at: home.syncLock)?.pid { kill(-job, SIGKILL) }
        bus?.stop()
    }

    var driver: BusDriver {
        get throws { try bus!.driver() }
    }

    /// Writes `config.yaml` with `sync.command` and the extra `daemon:` / `sync:` lines.
    func config(command: [String], sync: String = "", daemon: String = "") throws {
        let argv = command.map { "\"\($0)\"" }.joined(separator: ", ")
        var text = "sync:\n  command: [\(argv)]\n" + sync
        if !daemon.isEmpty { text += "daemon:\n" + daemon }
        try cli.write("home/config.yaml", text)
    }

    /// Writes an executable shell script and returns its path.
    func script(_ name: String, _ body: String) throws -> String {
        try cli.write(name, "#!/bin/sh\n" + body + "\n")
        let path = cli.root + "/" + name
        chmod(path, 0o755)
        return path
    }

    /// A sync script that appends a line to `runs.txt` and reports `changes` changes.
    func countingScript(changes: Int = 1) throws -> String {
        try script(
            "sync.sh",
            """
            echo "run $MUSICDIFF_SYNC_MODE" >> \(cli.root)/runs.txt
            echo '{"changes_applied": \(changes), "failed_changes": 0, "conflicts": []}'
            """
        )
    }

    /// How many times the counting script ran.
    var scriptRuns: Int {
        ((try? String(contentsOfFile: cli.root + "/runs.txt", encoding: .utf8)) ?? "").split(separator: "\n")
            .count
    }

    /// Runs `musicdiff ARGUMENTS` with the fixture's paths and, if any, the mock bus.
    func run(_ arguments: String...) throws -> MusicdiffProcess.Result {
        try cli.runner.run(arguments, extraEnvironment: busEnvironment)
    }

    /// Starts `musicdiff ARGUMENTS` without waiting for it; `environment(stderr)` adds
    /// variables, given the pipe its stderr goes to.
    func launch(
        _ arguments: [String],
        environment: (Pipe) -> [String: String] = { _ in [:] }
    ) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: MusicdiffProcess.binary)
        process.arguments = arguments
        let (output, errors) = (Pipe(), Pipe())
        process.environment = cli.runner.environment.merging(busEnvironment) { $1 }
            .merging(environment(errors)) { $1 }
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        return (process, output, errors)
    }

    var busEnvironment: [String: String] {
        bus.map { ["DBUS_SYSTEM_BUS_ADDRESS": $0.address] } ?? [:]
    }

    /// The running daemon's pid: the holder of its pid file's lock.
    var daemonPid: Int32? { PidLock.daemonHolder(at: home.pidFile) }

    var log: String { (try? String(contentsOfFile: home.logFile, encoding: .utf8)) ?? "" }

    var runs: [SyncRun] {
        guard let store = (try? StateStore.openForReading(path: home.stateFile)) ?? nil else { return [] }
        return (try? store.recentRuns(limit: 50)) ?? []
    }

    var ticks: [TickRecord] {
        guard let store = (try? StateStore.openForReading(path: home.stateFile)) ?? nil else { return [] }
        return (try? store.recentTicks(limit: 50)) ?? []
    }

    /// Waits until `condition` holds, or throws saying what did not happen, with the log.
    func waitFor(_ what: String, timeout: Duration = .seconds(20), _ condition: () throws -> Bool) throws {
        guard try poll(timeout: timeout, every: .milliseconds(20), until: condition) else {
            throw CLIFixture.Failure(message: "timed out waiting for \(what); daemon.log:\n\(log)")
        }
    }
}
