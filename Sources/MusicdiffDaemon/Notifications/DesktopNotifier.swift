import Foundation
import MusicdiffCore
import MusicdiffRuntime

/// Shows the conflict notification on the desktop: `org.freedesktop.Notifications.Notify` on
/// the session bus, through GDBus (the calls are in ``NotificationBus``).
///
/// Each notification opens a private connection to the bus (never GLib's shared one, which
/// would exit the process when the bus goes away), makes blocking calls on a thread of its
/// own, and closes it. A missing bus, a missing notification server and a bus that does not
/// answer within ``timeout`` are errors, never a hang.
package struct DesktopNotifier: ConflictNotifier, CustomStringConvertible {
    /// The application name the notification server shows.
    package static let appName = NotificationBus.appName
    /// The bus address; nil for the user's session bus (`DBUS_SESSION_BUS_ADDRESS`, else
    /// `$XDG_RUNTIME_DIR/bus`).
    package var address: String?
    /// The longest the whole exchange may take.
    package var timeout: Duration

    /// Creates a notifier for the session bus at `address` (nil: the user's).
    package init(address: String? = nil, timeout: Duration = .seconds(5)) {
        self.address = address
        self.timeout = timeout
    }

    /// `desktop notification`.
    package var description: String { "desktop notification" }

    /// Shows ``ConflictMessage``'s title as the summary and its short list
    /// (``ConflictMessage/desktop(conflicts:)``) as the body.
    package func notify(conflicts: [SyncRun.Conflict]) async throws(DaemonError) {
        let message = ConflictMessage.desktop(conflicts: conflicts)
        try await show(summary: message.title, body: message.shortBody)
    }

    /// Shows a notification (the body escaped when the server takes markup); returns the
    /// server's id for it.
    @discardableResult
    package func show(summary: String, body: String) async throws(DaemonError) -> UInt32 {
        let what = "cannot show the desktop notification"
        guard let address = address ?? Self.sessionAddress(ProcessInfo.processInfo.environment) else {
            throw .notification(
                what,
                "no session bus (DBUS_SESSION_BUS_ADDRESS is not set and there is no $XDG_RUNTIME_DIR/bus)"
            )
        }
        let cancellable = Cancellable()
        let timedOut = StopFlag { cancellable.cancel() }
        let stop = StopFlag { cancellable.cancel() }
        let milliseconds = max(Int(timeout / .milliseconds(1)), 1)
        // A task, not a dispatch timer: dispatch's global queues would wake the daemon every
        // second from then on (see QuietExecutor).
        let timer = Task { [timeout] in
            guard (try? await Timers.sleep(for: timeout)) != nil else { return }
            timedOut.set()
        }
        defer { timer.cancel() }
        let result = await runBlocking(stop: stop) {
            NotificationBus.notify(
                address: address,
                summary: summary,
                body: body,
                timeout: Int32(clamping: milliseconds),
                cancellable: cancellable
            )
        }
        switch result {
        case .success(let id):
            return id
        case .failure(let failure) where failure.cancelled && timedOut.isSet:
            throw .notification(
                what,
                "the session bus at \(address) did not answer within \(Self.text(timeout))"
            )
        case .failure(let failure) where failure.cancelled:
            throw .notification(what, "cancelled")
        case .failure(let failure) where failure.stage == .connect:
            throw .notification(what, "cannot connect to the session bus at \(address): \(failure.message)")
        case .failure(let failure) where failure.noServer:
            throw .notification(what, "no notification server runs on the session bus (\(failure.message))")
        case .failure(let failure):
            throw .notification(
                what,
                "\(NotificationBus.interface).\(failure.stage.rawValue) failed: \(failure.message)"
            )
        }
    }

    /// The user's session bus: `DBUS_SESSION_BUS_ADDRESS`, else `$XDG_RUNTIME_DIR/bus` if it exists.
    static func sessionAddress(_ environment: [String: String]) -> String? {
        if let address = environment["DBUS_SESSION_BUS_ADDRESS"], !address.isEmpty { return address }
        guard let runtime = environment["XDG_RUNTIME_DIR"], !runtime.isEmpty,
            FileManager.default.fileExists(atPath: runtime + "/bus")
        else { return nil }
        return "unix:path=\(runtime)/bus"
    }

    /// `500 ms`, `5s`: a timeout as the error message says it.
    static func text(_ duration: Duration) -> String {
        let milliseconds = Int(duration / .milliseconds(1))
        return milliseconds % 1000 == 0 ? DurationText.format(duration) : "\(milliseconds) ms"
    }
}
