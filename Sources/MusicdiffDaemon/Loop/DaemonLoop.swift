import Foundation
import Logging
import MusicdiffCore
import MusicdiffSensors
import ServiceLifecycle
import Synchronization
import UnixSignals

/// The daemon's loop, as a service: the driver of ``DaemonMachine``. It takes one input at a
/// time from its ``Inbox`` (a timer, a sensor change, a signal, the job's end), turns it into
/// the machine's event, and performs the actions the machine returns: it sleeps, starts and
/// stops the job, records, saves, tells systemd. What to do next is the machine's alone; the
/// loop keeps only what performing it needs (the job's process, the lock, the timer).
package final class DaemonLoop: Service, Sendable {
    /// What the loop is built from; tests give their own clock, engine and sensors.
    package struct Parts: Sendable {
        /// `$MUSICDIFF_HOME`.
        package var home: MusicdiffHome
        /// The daemon's flags, re-applied on each reload.
        package var options: DaemonOptions
        /// The state store, open for writing.
        package var store: StateStore
        /// The lock on `daemon.pid`, put back when the file goes; nil in tests that take none.
        var pidLock: PidLock?
        /// The wall clock.
        package var clock: any WallClock
        /// The log.
        package var logger: Logger
        /// The sync job for a config's `sync:` section.
        package var makeEngine: @Sendable (Config.Sync) -> any SyncEngine
        /// The sensors, made when smart mode first needs them.
        package var makeSensors: @Sendable () -> any DaemonSensors
        /// Called once the loop runs and its signal handlers are in place.
        var onReady: @Sendable () -> Void = {}
        /// Told what the loop does, as it does it.
        package var onEvent: @Sendable (LoopEvent) -> Void = { _ in }
        /// systemd's notification socket and watchdog; `.none` outside systemd.
        package var service: ServiceNotifier = .none
        /// Told each piece of the job's output as it arrives (`musicdiff sync` on a terminal).
        package var onJobOutput: (@Sendable (JobOutput) -> Void)?
        /// The notifiers for a config's `daemon:` section, used after a run with conflicts.
        package var makeNotifiers: @Sendable (Config.Daemon) -> [any ConflictNotifier] = ConflictNotifiers
            .make

        /// The parts of a real daemon (or of `musicdiff sync`'s one run): the command job of
        /// the config's `sync:`, this machine's sensors, the wall clock.
        package static func real(
            home: MusicdiffHome,
            options: DaemonOptions,
            store: StateStore,
            logger: Logger
        ) -> Parts {
            let paths = SensorPaths(environment: ProcessInfo.processInfo.environment)
            return Parts(
                home: home,
                options: options,
                store: store,
                clock: SystemWallClock(),
                logger: logger,
                makeEngine: { CommandSyncEngine(config: $0) ?? CommandSyncEngine(command: []) },
                makeSensors: {
                    MachineSensors(
                        paths: paths,
                        memory: FileInputActivityMemory(path: home.path + "/input-activity")
                    )
                }
            )
        }

        /// Creates the parts.
        package init(
            home: MusicdiffHome,
            options: DaemonOptions,
            store: StateStore,
            clock: any WallClock,
            logger: Logger,
            makeEngine: @escaping @Sendable (Config.Sync) -> any SyncEngine,
            makeSensors: @escaping @Sendable () -> any DaemonSensors
        ) {
            self.home = home
            self.options = options
            self.store = store
            self.clock = clock
            self.logger = logger
            self.makeEngine = makeEngine
            self.makeSensors = makeSensors
        }
    }

    let parts: Parts
    /// The settings in force: the loop writes them on a reload; the readings socket reads them.
    let settings: Mutex<DaemonSettings>
    let sensors = Mutex<(any DaemonSensors)?>(nil)
    /// The loop's one stream of inputs.
    let inbox = Inbox<LoopInput>()
    let unsaved: UnsavedRuns
    /// The last `STATUS=` line told, and when the watchdog was last pinged.
    let lastStatus = Mutex<String?>(nil)
    let lastPing = Mutex<Date?>(nil)
    /// The reloads done and how the last went, for `musicdiff daemon reload` (on `daemon.sock`).
    let reloads = Mutex(ReloadRecord(pid: getpid()))
    /// Whether `READY=1` went out; it goes with the first `STATUS=` line.
    let toldReady = Mutex(false)
    /// A copy of the machine as the loop left it after its last input, with the hold's words:
    /// what the socket answers from. Written by the loop alone.
    let published = Mutex<(machine: DaemonMachine, held: String?)?>(nil)
    var logger: Logger { parts.logger }
    var store: StateStore { parts.store }

    /// Creates the loop with settings already validated.
    package init(parts: Parts, settings: DaemonSettings) {
        self.parts = parts
        self.settings = Mutex(settings)
        self.unsaved = UnsavedRuns(path: parts.home.unsavedRuns)
    }

    /// Runs until graceful shutdown (SIGTERM, SIGINT): a running sync is then stopped and
    /// recorded as interrupted. SIGHUP reloads the config and policy.
    package func run() async throws {
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        let outside = await UnixSignalsSequence(trapping: .sigusr1)
        let pauses = await UnixSignalsSequence(trapping: .sigusr2)
        parts.onReady()
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { for await _ in hangups { self.inbox.post(.reload) } }
                group.addTask { for await _ in outside { self.inbox.post(.outsideRun) } }
                group.addTask { for await _ in pauses { self.inbox.post(.pauseChanged) } }
                group.addTask { await self.serveReadings() }
                await self.loop()
                group.cancelAll()
            }
        } onGracefulShutdown: {
            self.parts.service.stopping(status: "stopping")
            self.inbox.post(.terminate)
        }
        sensors.withLock { $0 }?.stop()
        logger.info("Daemon stopped")
    }

    /// The driver proper: until the machine has stopped (a shutdown, or the task's
    /// cancellation, which is taken as one), one input at a time.
    func loop() async {
        if settings.withLock({ $0.policy != nil }) {
            // The first decision must see the services, not the moment before they answer.
            await startSensors()?.waitUntilReady(timeout: .seconds(5))
        }
        await recoverLeftovers()
        let settings = self.settings.withLock { $0 }
        summarize(for: settings)
        var state = LoopState(
            machine: DaemonMachine(setup: settings.machineSetup),
            suspendedSoFar: parts.clock.suspendedSinceBoot()
        )
        state.overdueAlertedAt = OverdueNotice.lastAlertTime(store)
        state.firstRun = (try? store.firstRunStart()) ?? nil
        let started = startEvent(settings)
        logger.info("MusicDiff daemon started (\(settings.summary))")
        await withTaskCancellationHandler {
            await feed(.readings(readNow()), &state)
            if let pause = (try? store.pause()) ?? nil { await feed(.paused(pause), &state) }
            await feed(started, &state)
            arm(&state)
            published.withLock { $0 = (state.machine, state.held) }
            checkOverdue(&state)
            while state.machine.phase != .stopped {
                await take(await inbox.next(), &state)
                checkOverdue(&state)
            }
        } onCancel: {
            inbox.post(.terminate)
        }
        state.timer?.task.cancel()
    }

    /// The machine's start: the persisted schedule (dropped when planned under another
    /// schedule: the daemon restarted with another interval or cron, and the new one plans
    /// from the last run), the last run and the last success, from the store.
    func startEvent(_ settings: DaemonSettings, writing: Bool = true) -> DaemonMachine.Event {
        var persisted = (try? store.scheduleState()) ?? nil
        if persisted != nil, let planned = (try? store.value(StateStore.Key.plannedFor)) ?? nil,
            planned != settings.scheduleKey,
            planned != settings.plan.schedule.formerKey(cronText: settings.cronText)
        {
            if writing { logger.info("The schedule changed (was \(planned)); planning from the last run") }
            persisted = nil
        }
        if writing {
            try? store.setValue(settings.scheduleKey, for: StateStore.Key.plannedFor)
            try? store.setValue(settings.plan.timeZone.identifier, for: StateStore.Key.timeZone)
        }
        return .started(
            persisted: persisted,
            lastRun: (try? store.lastRunStart()) ?? nil,
            lastSuccess: (try? store.lastSuccessfulSync()) ?? nil,
            jitter: 0
        )
    }

    /// The sensors' readings now; none outside smart mode.
    func readNow() -> Snapshot {
        sensors.withLock { $0 }?.snapshot(now: parts.clock.now(), lastSync: .known(.never), dueSince: nil)
            ?? Snapshot.unread()
    }

    /// Records the schedule; false (and logged) when the store refuses it: the loop then
    /// tries again in ``storeRetry``.
    func save(_ schedule: ScheduleState) -> Bool {
        do {
            try store.saveScheduleState(schedule)
            return true
        } catch {
            logger.error("Cannot record the schedule yet, will try again: \(error)")
            return false
        }
    }
}

extension DaemonSettings {
    /// What the machine decides with under these settings.
    var machineSetup: DaemonMachine.Setup {
        DaemonMachine.Setup(plan: plan, policy: policy?.policy, scheduleKey: scheduleKey)
    }
}
