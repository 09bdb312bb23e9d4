import Foundation
import Synchronization

/// A private D-Bus *system* bus (or, with `kind: .session`, a *session* bus) for tests: a
/// `dbus-daemon` with a `<type>system</type>` config in a temporary folder, python-dbusmock
/// services on it, and a ``BusDriver`` to steer them.
///
/// Give a process the bus through ``environment`` (for a child such as the `musicdiff`
/// binary) or by exporting ``address`` as `DBUS_SYSTEM_BUS_ADDRESS` (for a session bus,
/// `DBUS_SESSION_BUS_ADDRESS`) before anything in the process connects to that bus. ``stop()`` (also run on deinit) ends every process the
/// bus started and removes the folder.
package final class MockBus: Sendable {
    /// Which bus it stands in for.
    package enum Kind: String, Sendable {
        /// The system bus (NetworkManager, UPower, logind).
        case system
        /// The user's session bus (the notification server).
        case session

        /// The variable that tells clients its address.
        var addressVariable: String {
            self == .system ? "DBUS_SYSTEM_BUS_ADDRESS" : "DBUS_SESSION_BUS_ADDRESS"
        }
    }

    /// Which bus it stands in for.
    package let kind: Kind
    /// The bus address (`unix:path=...,guid=...`).
    package let address: String
    /// The address without the server's guid, as a client must name a bus that may be
    /// restarted (``restart()``): `unix:path=...`, like the real system bus's.
    package var path: String { String(address.split(separator: ",").first ?? "") }
    /// The temporary folder holding the config, the socket and the mocks' logs.
    package let folder: URL
    private let daemon: Mutex<ChildProcess>
    private let reaper: ChildProcess
    private let state = Mutex(Children())
    /// The file listing the pids of every process started for this bus.
    let pids: URL

    private struct Children: Sendable {
        var mocks: [DBusMock] = []
        /// Real services started on the bus (``startProgram(_:_:)``).
        var programs: [ChildProcess] = []
        var driver: BusDriver?
        var stopped = false
    }

    /// Starts `dbus-daemon` on a socket in a new temporary folder and waits until it listens.
    package init(kind: Kind = .system) throws {
        self.kind = kind
        // A child that dies must not take the test process with it when it is written to.
        signal(SIGPIPE, SIG_IGN)
        folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "musicdiff-bus-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let config = folder.appendingPathComponent("\(kind.rawValue).conf")
        try Self.config(socket: folder.appendingPathComponent("\(kind.rawValue)_bus_socket").path, kind: kind)
            .write(to: config, atomically: true, encoding: .utf8)
        pids = folder.appendingPathComponent("pids")
        _ = FileManager.default.createFile(atPath: pids.path, contents: nil)
        reaper = try ChildProcess.reaper(parent: getpid(), pids: pids, folder: folder)
        let (daemon, line) = try Self.launch(config: config, folder: folder, pids: pids)
        guard let line else {
            reaper.kill()
            try? FileManager.default.removeItem(at: folder)
            throw MockBusError(message: "dbus-daemon did not start")
        }
        self.daemon = Mutex(daemon)
        address = line
    }

    /// Starts `dbus-daemon` with `config`; returns it and the address it printed once it
    /// listens (nil, having killed it, when it printed none).
    private static func launch(config: URL, folder: URL, pids: URL) throws -> (ChildProcess, String?) {
        let output = Pipe()
        let log = try Self.log(in: folder, "dbus-daemon")
        let daemon = try ChildProcess(
            "/usr/bin/dbus-daemon",
            ["--config-file=\(config.path)", "--nofork", "--print-address=1"],
            output: output.fileHandleForWriting,
            errors: log,
            pids: pids
        )
        try? output.fileHandleForWriting.close()
        // dbus-daemon prints its address once it listens, or exits (end of file) on failure.
        var reader = LineReader(output.fileHandleForReading)
        guard let line = reader.readLine(), line.hasPrefix("unix:") else {
            daemon.kill()
            return (daemon, nil)
        }
        return (daemon, line)
    }

    /// Kills the bus and its mocks, as when the system's D-Bus goes away, and starts a new
    /// bus at the same address, with no services on it yet.
    package func restart() throws {
        let children = state.withLock { state in
            defer { state = Children() }
            return state
        }
        children.mocks.forEach { $0.kill() }
        children.programs.forEach { $0.kill() }
        children.driver?.stop()
        daemon.withLock { $0.kill() }
        let config = folder.appendingPathComponent("\(kind.rawValue).conf")
        try? FileManager.default.removeItem(at: folder.appendingPathComponent("\(kind.rawValue)_bus_socket"))
        let (fresh, line) = try Self.launch(config: config, folder: folder, pids: pids)
        daemon.withLock { $0 = fresh }
        guard let line, line.split(separator: ",").first == address.split(separator: ",").first else {
            throw MockBusError(message: "dbus-daemon did not start again at \(address)")
        }
    }

    deinit { stop() }

    /// The current environment with `DBUS_SYSTEM_BUS_ADDRESS` (for a session bus,
    /// `DBUS_SESSION_BUS_ADDRESS`) set to this bus.
    package var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment[kind.addressVariable] = path  // no guid: right for the bus after a restart too
        return environment
    }

    /// Starts python-dbusmock's template for `service` (with JSON `parameters`) and waits, at
    /// most `timeout`, until it answers a property read. System buses only: the templates of
    /// ``MockService`` are system services.
    @discardableResult
    package func start(
        _ service: MockService,
        parameters: String? = nil,
        timeout: Duration = .seconds(10)
    ) throws
        -> DBusMock
    {
        let mock = try DBusMock(service: service, parameters: parameters, bus: self)
        state.withLock { $0.mocks.append(mock) }
        try mock.waitUntilAnswering(driver: driver(), timeout: timeout)
        return mock
    }

    /// Starts a real service's `executable` on this bus (a daemon such as
    /// `/usr/libexec/power-profiles-daemon`), logging to a file in ``folder``; it is killed
    /// with the bus.
    package func startProgram(_ executable: String, _ arguments: [String] = []) throws {
        let handle = try Self.log(in: folder, (executable as NSString).lastPathComponent)
        defer { try? handle.close() }
        let program = try ChildProcess(
            executable,
            arguments,
            environment: environment,
            output: handle,
            pids: pids
        )
        state.withLock { $0.programs.append(program) }
    }

    /// The driver that steers the mocks (started on first use).
    package func driver() throws -> BusDriver {
        if let driver = state.withLock({ $0.driver }) { return driver }
        let driver = try BusDriver(bus: self)
        state.withLock { $0.driver = driver }
        return driver
    }

    /// Ends the mocks, the driver and the bus, and removes the folder. Idempotent.
    package func stop() {
        let children = state.withLock { state in
            defer { state = Children(stopped: true) }
            return state
        }
        guard !children.stopped else { return }
        children.mocks.forEach { $0.kill() }
        children.driver?.stop()
        daemon.withLock { $0.kill() }
        reaper.kill()
        try? FileManager.default.removeItem(at: folder)
    }

    /// A new log file in `folder`, for a child's output.
    static func log(in folder: URL, _ name: String) throws -> FileHandle {
        let log = folder.appendingPathComponent("\(name)-\(UUID().uuidString.prefix(8)).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        return try FileHandle(forWritingTo: log)
    }

    /// A bus config of `kind` that listens on `socket` and lets anyone own and call anything.
    static func config(socket: String, kind: Kind = .system) -> String {
        """
        <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
         "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
        <busconfig>
          <type>\(kind.rawValue)</type>
          <listen>unix:path=\(socket)</listen>
          <auth>EXTERNAL</auth>
          <policy context="default">
            <allow user="*"/>
            <allow own="*"/>
            <allow send_destination="*" eavesdrop="true"/>
            <allow receive_sender="*"/>
            <allow eavesdrop="true"/>
          </policy>
        </busconfig>
        """
    }
}

/// Why the mock bus could not do what a test asked.
struct MockBusError: Error, CustomStringConvertible {
    /// What went wrong, in one sentence.
    package let message: String

    /// Creates an error.
    package init(message: String) { self.message = message }

    /// The message.
    package var description: String { message }
}
