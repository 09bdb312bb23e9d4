import CGio

/// `org.freedesktop.Notifications` through GDBus: every gio call of the daemon module is in
/// this file. ``notify(address:summary:body:timeout:cancellable:)`` blocks; run it off the
/// cooperative pool (``runBlocking``).
enum NotificationBus {
    /// The application name sent with every notification.
    static let appName = "musicdiff"
    /// The icon: the package's own, a themed name (`dist/musicdiff.svg`, installed in the
    /// hicolor theme), which the desktop file names too.
    static let icon = "musicdiff"
    /// The `desktop-entry` hint: `musicdiff.desktop` (`dist/musicdiff.desktop`, `NoDisplay=true`),
    /// where a server finds the program's name and icon.
    static let desktopEntry = "musicdiff"

    /// The `urgency` hint's values.
    enum Urgency: UInt8 {
        case low = 0, normal = 1, critical = 2
    }
    /// The notification server's bus name, object and interface.
    static let name = "org.freedesktop.Notifications"
    static let path = "/org/freedesktop/Notifications"
    static let interface = "org.freedesktop.Notifications"

    /// What went wrong, from a `GError`.
    struct Failure: Error {
        enum Stage: String { case connect, GetCapabilities, Notify }
        var stage: Stage
        var message: String
        var cancelled: Bool
        var noServer: Bool
    }

    /// The blocking exchange: connect, `GetCapabilities`, `Notify`, close.
    static func notify(
        address: String,
        summary: String,
        body: String,
        urgency: Urgency = .normal,
        timeout: Int32,
        cancellable: Cancellable
    ) -> Result<UInt32, Failure> {
        var error: UnsafeMutablePointer<GError>?
        let flags = GDBusConnectionFlags(
            G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT.rawValue
                | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION.rawValue
        )
        guard
            let connection = g_dbus_connection_new_for_address_sync(
                address,
                flags,
                nil,
                cancellable.pointer,
                &error
            )
        else { return .failure(failure(.connect, error)) }
        defer {
            g_dbus_connection_close_sync(connection, nil, nil)
            g_object_unref(UnsafeMutableRawPointer(connection))
        }
        func call(
            _ stage: Failure.Stage,
            _ parameters: OpaquePointer?,
            returning type: String
        ) -> OpaquePointer? {
            let replyType = g_variant_type_new(type)
            defer { g_variant_type_free(replyType) }
            return g_dbus_connection_call_sync(
                connection,
                name,
                path,
                interface,
                stage.rawValue,
                parameters,
                replyType,
                G_DBUS_CALL_FLAGS_NONE,
                timeout,
                cancellable.pointer,
                &error
            )
        }
        guard let capabilities = call(.GetCapabilities, nil, returning: "(as)") else {
            return .failure(failure(.GetCapabilities, error))
        }
        let markup = strings(g_variant_get_child_value(capabilities, 0)).contains("body-markup")
        g_variant_unref(capabilities)
        guard
            let reply = call(
                .Notify,
                parameters(summary: summary, body: markup ? escaped(body) : body, urgency: urgency),
                returning: "(u)"
            )
        else { return .failure(failure(.Notify, error)) }
        defer { g_variant_unref(reply) }
        let id = g_variant_get_child_value(reply, 0)
        defer { g_variant_unref(id) }
        return .success(g_variant_get_uint32(id))
    }

    /// `Notify`'s `(susssasa{sv}i)`: app name, replaces 0, the icon, summary, body, no actions,
    /// the hints `desktop-entry` and `urgency`, the server's default expiry. A floating
    /// reference, consumed by the call.
    static func parameters(summary: String, body: String, urgency: Urgency = .normal) -> OpaquePointer? {
        let hintType = g_variant_type_new("{sv}")
        defer { g_variant_type_free(hintType) }
        var hints: [OpaquePointer?] = [
            g_variant_new_dict_entry(
                g_variant_new_string("desktop-entry"),
                g_variant_new_variant(g_variant_new_string(desktopEntry))
            ),
            g_variant_new_dict_entry(
                g_variant_new_string("urgency"),
                g_variant_new_variant(g_variant_new_byte(urgency.rawValue))
            ),
        ]
        var children: [OpaquePointer?] = [
            g_variant_new_string(appName), g_variant_new_uint32(0), g_variant_new_string(icon),
            g_variant_new_string(summary), g_variant_new_string(body), g_variant_new_strv(nil, 0),
            g_variant_new_array(hintType, &hints, gsize(hints.count)), g_variant_new_int32(-1),
        ]
        return g_variant_new_tuple(&children, gsize(children.count))
    }

    /// The strings of an `as` value, which is unreferenced.
    static func strings(_ value: OpaquePointer?) -> [String] {
        guard let value else { return [] }
        defer { g_variant_unref(value) }
        var count: gsize = 0
        guard let strings = g_variant_get_strv(value, &count) else { return [] }
        defer { g_free(strings) }
        return (0..<Int(count)).compactMap { strings[$0].map { String(cString: $0) } }
    }

    /// `text` with `&`, `<` and `>` escaped, for a server that reads the body as markup.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    /// A failure from a `GError`, which is freed.
    static func failure(_ stage: Failure.Stage, _ error: UnsafeMutablePointer<GError>?) -> Failure {
        guard let error else {
            return Failure(stage: stage, message: "unknown error", cancelled: false, noServer: false)
        }
        defer { g_error_free(error) }
        let cancelled = g_error_matches(error, g_io_error_quark(), Int32(G_IO_ERROR_CANCELLED.rawValue)) != 0
        let remote = g_dbus_error_get_remote_error(error).map { name in
            defer { g_free(name) }
            return String(cString: name)
        }
        let noServer = [
            "org.freedesktop.DBus.Error.ServiceUnknown", "org.freedesktop.DBus.Error.NameHasNoOwner",
        ]
        .contains(remote ?? "")
        g_dbus_error_strip_remote_error(error)
        let message = String(cString: error.pointee.message).replacingOccurrences(of: "\n", with: " ")
        return Failure(stage: stage, message: message, cancelled: cancelled, noServer: noServer)
    }
}

/// A `GCancellable`, cancelled from any thread.
final class Cancellable: @unchecked Sendable {
    /// `GCancellable *`; `g_cancellable_cancel` is thread-safe.
    let pointer: UnsafeMutablePointer<GCancellable> = g_cancellable_new()

    /// Cancels the calls that use it.
    func cancel() { g_cancellable_cancel(pointer) }

    deinit { g_object_unref(pointer) }
}
