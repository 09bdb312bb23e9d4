import Foundation

/// python-dbusmock's `notification_daemon` template on a session ``MockBus``: a stand-in for
/// the desktop's notification server that records every `Notify` call.
package final class NotificationServer: Sendable {
    /// One `org.freedesktop.Notifications.Notify` call, as the server received it.
    package struct Notification: Sendable, Equatable {
        /// The application's name.
        package var appName: String
        /// The notification it replaces, or 0.
        var replacesID: UInt32
        /// The icon name, or empty.
        package var icon: String
        /// The one-line summary.
        package var summary: String
        /// The body text.
        package var body: String
        /// How long it stays, in milliseconds; -1 for the server's default.
        package var expireTimeout: Int32
        /// The hints (`desktop-entry`, `urgency`...), each value as text (`1` for the byte 1).
        package var hints: [String: String] = [:]
    }

    static let name = "org.freedesktop.Notifications"
    static let path = "/org/freedesktop/Notifications"

    private let process: ChildProcess
    private let driver: BusDriver

    /// Starts the template on `bus` (a session bus), advertising `capabilities` (the
    /// template's defaults, which include `body-markup`, when nil), and waits, at most
    /// `timeout`, until it answers.
    package init(bus: MockBus, capabilities: [String]? = nil, timeout: Duration = .seconds(10)) throws {
        guard bus.kind == .session else {
            throw MockBusError(message: "the notification server belongs on a session bus")
        }
        let handle = try MockBus.log(in: bus.folder, "notification_daemon")
        defer { try? handle.close() }
        let parameters = try capabilities.map {
            String(
                decoding: try JSONSerialization.data(withJSONObject: [
                    "capabilities": $0.joined(separator: " ")
                ]),
                as: UTF8.self
            )
        }
        process = try ChildProcess(
            "/usr/bin/python3",
            ["-m", "dbusmock", "--template", "notification_daemon"] + (parameters.map { ["-p", $0] } ?? []),
            environment: bus.environment,
            output: handle,
            pids: bus.pids
        )
        driver = try bus.driver()
        let answered = poll(timeout: timeout) {
            guard process.isRunning else { return true }
            return (try? driver.call(Self.name, Self.path, Self.name, "GetServerInformation")) != nil
        }
        guard answered, process.isRunning else {
            process.kill()
            throw MockBusError(
                message: "python-dbusmock's notification_daemon template did not answer within \(timeout)"
            )
        }
    }

    /// The `Notify` calls received so far, oldest first (dbusmock's `GetCalls`).
    package func notifications() throws -> [Notification] {
        let calls = try driver.callUnpacked(Self.name, Self.path, "org.freedesktop.DBus.Mock", "GetCalls")
        guard let calls = (calls as? [Any])?.first as? [[Any]] else {
            throw MockBusError(message: "GetCalls answered \(calls), not a list of calls")
        }
        return calls.compactMap { call in
            guard call.count == 3, call[1] as? String == "Notify", let arguments = call[2] as? [Any],
                arguments.count == 8
            else { return nil }
            return Notification(
                appName: arguments[0] as? String ?? "",
                replacesID: (arguments[1] as? NSNumber)?.uint32Value ?? 0,
                icon: arguments[2] as? String ?? "",
                summary: arguments[3] as? String ?? "",
                body: arguments[4] as? String ?? "",
                expireTimeout: (arguments[7] as? NSNumber)?.int32Value ?? 0,
                hints: ((arguments[6] as? [String: Any]) ?? [:]).mapValues { "\($0)" }
            )
        }
    }

    /// Kills the server (`SIGKILL`): its name vanishes from the bus.
    package func kill() { process.kill() }
}
