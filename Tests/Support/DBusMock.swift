import Foundation

/// A service python-dbusmock can stand in for, with the property read that shows its template
/// is loaded (dbusmock owns the bus name a moment before it serves the template's objects).
package enum MockService: String, Sendable, CaseIterable {
    /// `org.freedesktop.NetworkManager` (template `networkmanager`).
    case networkManager = "networkmanager"
    /// `org.freedesktop.UPower` (template `upower`).
    case upower
    /// `org.freedesktop.login1` (template `logind`).
    case logind
    /// `net.hadess.PowerProfiles` (template `power_profiles_daemon`).
    case powerProfiles = "power_profiles_daemon"

    /// The well-known bus name.
    var busName: String {
        switch self {
        case .networkManager: "org.freedesktop.NetworkManager"
        case .upower: "org.freedesktop.UPower"
        case .logind: "org.freedesktop.login1"
        case .powerProfiles: "net.hadess.PowerProfiles"
        }
    }

    /// The object, interface and property read to check that the template is loaded.
    var probe: (path: String, interface: String, property: String) {
        switch self {
        case .networkManager: ("/org/freedesktop/NetworkManager", "org.freedesktop.NetworkManager", "Version")
        case .upower: ("/org/freedesktop/UPower", "org.freedesktop.UPower", "DaemonVersion")
        case .logind: ("/org/freedesktop/login1", "org.freedesktop.login1.Manager", "IdleHint")
        case .powerProfiles: ("/net/hadess/PowerProfiles", "net.hadess.PowerProfiles", "ActiveProfile")
        }
    }
}

/// One running python-dbusmock service on a ``MockBus``.
package final class DBusMock: Sendable {
    /// The service it stands in for.
    package let service: MockService
    private let process: ChildProcess

    /// Starts `/usr/bin/python3 -m dbusmock --system --template ...` on `bus`, logging to a
    /// file in the bus's folder.
    init(service: MockService, parameters: String?, bus: MockBus) throws {
        self.service = service
        let handle = try MockBus.log(in: bus.folder, service.rawValue)
        defer { try? handle.close() }
        process = try ChildProcess(
            "/usr/bin/python3",
            ["-m", "dbusmock", "--system", "--template", service.rawValue]
                + (parameters.map { ["-p", $0] } ?? []),
            environment: bus.environment,
            output: handle,
            pids: bus.pids
        )
    }

    /// Whether the process still runs.
    package var isRunning: Bool { process.isRunning }

    /// Polls (every 20 ms, at most `timeout`) until the template's probe property can be read.
    func waitUntilAnswering(driver: BusDriver, timeout: Duration) throws {
        let (path, interface, property) = service.probe
        let answered = poll(timeout: timeout) {
            guard process.isRunning else { return true }
            let reply = try? driver.call(
                service.busName,
                path,
                "org.freedesktop.DBus.Properties",
                "Get",
                "('\(interface)', '\(property)')"
            )
            return reply != nil
        }
        guard answered, process.isRunning else {
            kill()
            throw MockBusError(
                message: "python-dbusmock's \(service.rawValue) template did not answer within \(timeout)"
            )
        }
    }

    /// Kills the service (`SIGKILL`), as a crash would, and waits for it: its name vanishes.
    package func kill() {
        process.kill()
    }
}
