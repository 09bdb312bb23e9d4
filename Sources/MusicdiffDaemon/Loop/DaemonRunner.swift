import Foundation
import Logging
import MusicdiffCore
import MusicdiffRuntime
import MusicdiffSensors
import ServiceLifecycle
import Synchronization

/// Runs the daemon in this process: takes `daemon.pid`, opens the log and the state store,
/// and runs the loop until SIGTERM or SIGINT.
package enum DaemonRunner {
    /// How the process was started.
    package struct Launch: Sendable {
        /// Whether log lines also go to stderr (`--foreground`, for journald).
        package var echoLog: Bool
        /// The pipe to the starting command, when detached: `ready PID` or `error MESSAGE`.
        package var readyDescriptor: Int32?

        /// Creates a launch description.
        package init(echoLog: Bool, readyDescriptor: Int32?) {
            self.echoLog = echoLog
            self.readyDescriptor = readyDescriptor
        }
    }

    /// Runs until stopped. Errors before the loop starts are thrown (and told to the
    /// starting command); none after: the loop logs and carries on.
    package static func run(
        options: DaemonOptions,
        home: MusicdiffHome,
        launch: Launch
    ) async throws(DaemonError) {
        let ready = ReadyPipe(descriptor: launch.readyDescriptor)
        let service = ServiceNotifier(environment: ProcessInfo.processInfo.environment)
        ServiceNotifier.unsetEnvironment()
        do {
            try await runReporting(
                options: options,
                home: home,
                launch: launch,
                ready: ready,
                service: service
            )
        } catch {
            ready.send("error \(error.description)")
            service.failed(errno: error.errnoCode, status: "cannot start: \(error.description)")
            throw error
        }
    }

    private static func runReporting(
        options: DaemonOptions,
        home: MusicdiffHome,
        launch: Launch,
        ready: ReadyPipe,
        service: ServiceNotifier
    ) async throws(DaemonError) {
        try home.create()
        let settings = try DaemonSettings.load(options: options, home: home)
        guard let lock = try PidLock.acquire(at: home.pidFile) else {
            throw .alreadyRunning(pid: PidLock.daemonHolder(at: home.pidFile))
        }
        defer { lock.release(removingFile: true) }
        let file = RotatingLogFile(
            path: home.logFile,
            echoToStandardError: launch.echoLog,
            echoToJournal: launch.echoLog
                && JournalStream.isJournal(environment: ProcessInfo.processInfo.environment)
        )
        let logger = Logger(label: "musicdiff") { RotatingFileLogHandler(label: $0, file: file) }
        if let warning = home.accessWarning { logger.warning("\(warning)") }
        if let warning = settings.unusedPolicyWarning { logger.warning("\(warning)") }
        if !Executors.isQuiet {
            logger.info(
                "Running on Swift's default executor (\(Executors.variable)=default, or a build without the quiet one): it wakes once a second while idle"
            )
        }
        let store = try StateStore.open(path: home.stateFile, busyTimeout: .milliseconds(250))
        store.onRecreate { error in
            if let error {
                logger.error("state.sqlite was removed, and a new one cannot be made yet: \(error)")
            } else {
                logger.warning(
                    "state.sqlite was removed; created a new one at \(home.stateFile) (the daemon's schedule is kept, its history starts again)"
                )
            }
        }
        let pid = getpid()
        try store.saveDaemonIdentity(
            pid: pid,
            startedAt: Date(),
            mode: settings.mode,
            summary: settings.summary,
            policy: settings.policy.map { _ in options.policy ?? settings.config.daemon.policy }
        )
        var parts = DaemonLoop.Parts.real(home: home, options: options, store: store, logger: logger)
        parts.onReady = { ready.send("ready \(pid)") }
        parts.pidLock = lock
        parts.service = service
        let loop = DaemonLoop(parts: parts, settings: settings)
        var groupLogger = logger
        groupLogger.logLevel = .warning
        let group = ServiceGroup(
            configuration: .init(
                services: [loop],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: groupLogger
            )
        )
        do {
            try await group.run()
        } catch {
            logger.critical("The daemon failed: \(error)")
        }
        file.close()
    }
}

/// The pipe on which a detached daemon tells the command that started it whether it came up.
final class ReadyPipe: Sendable {
    private let descriptor: Mutex<Int32?>

    init(descriptor: Int32?) { self.descriptor = Mutex(descriptor) }

    /// Sends one line and closes the pipe; later calls do nothing.
    func send(_ line: String) {
        guard let fd = descriptor.withLock({ $0.take() }) else { return }
        let bytes = Array((line.replacingOccurrences(of: "\n", with: " ") + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }
}
