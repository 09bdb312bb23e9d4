import CGio
import Foundation

/// What a `GError` said, read once and the `GError` freed: the one place a `GError` becomes a
/// Swift value, for the sensors' D-Bus calls and the daemon's notifications alike.
package struct GLibError: Sendable, Equatable {
    /// The message as GLib wrote it (with a remote error's `GDBus.Error:NAME: ` prefix).
    package let message: String
    /// The message without that prefix, on one line.
    package let localMessage: String
    /// The D-Bus error name of an error the other side sent, if it is one.
    package let remoteName: String?
    /// Whether the call was cancelled (`G_IO_ERROR_CANCELLED`).
    package let cancelled: Bool

    /// The facts of `error`, which is freed; nil for no error.
    package init?(taking error: UnsafeMutablePointer<GError>?) {
        guard let error else { return nil }
        defer { g_error_free(error) }
        message = error.pointee.message.map { String(cString: $0) } ?? ""
        cancelled = g_error_matches(error, g_io_error_quark(), Int32(G_IO_ERROR_CANCELLED.rawValue)) != 0
        remoteName = g_dbus_error_get_remote_error(error).map { name in
            defer { g_free(name) }
            return String(cString: name)
        }
        g_dbus_error_strip_remote_error(error)
        localMessage = (error.pointee.message.map { String(cString: $0) } ?? "")
            .replacingOccurrences(of: "\n", with: " ")
    }
}
