import CGio
import Glibc

/// The system bus connection, through GDBus: every GDBus call of the sensors is here (and the
/// GVariant reading in `SystemBus+Values.swift`). It lives on the GLib thread: created, used
/// and closed there. Replies and signals come back as ``BusValue``s to Swift closures.
final class SystemBus {
    /// What a signal subscriber hears: object path, interface, member, arguments.
    typealias SignalHandler = (_ path: String, _ interface: String, _ member: String, _ arguments: BusValue)
        -> Void

    /// `GDBusConnection *`, this session's own, shared with libnm (upower-glib opens its own).
    let connection: OpaquePointer
    /// The thread everything runs on.
    let thread: GLibThread
    /// Cancels pending calls when the bus is closed.
    private let cancellable: UnsafeMutablePointer<GCancellable>
    private var subscriptions: Set<UInt32> = []
    private var watches: Set<UInt32> = []
    private var closedHandler: gulong = 0

    private init(connection: OpaquePointer, thread: GLibThread) {
        self.connection = connection
        self.thread = thread
        cancellable = g_cancellable_new()
    }

    /// Opens a connection of its own to the system bus that `DBUS_SYSTEM_BUS_ADDRESS` names
    /// (else the standard one), told not to exit the process when the bus goes away, without
    /// blocking. Not GLib's shared connection (`g_bus_get`): cancelling one session's connect
    /// there would fail every later session's with the same error. `type` `G_BUS_TYPE_SESSION`
    /// connects to the session bus instead (GameMode's).
    static func connect(
        _ type: GBusType = G_BUS_TYPE_SYSTEM,
        on thread: GLibThread,
        cancellable: UnsafeMutablePointer<GCancellable>,
        _ completion: @escaping (Result<SystemBus, BusError>) -> Void
    ) {
        typealias Completion = (OpaquePointer?, BusError?) -> Void
        let box = CallbackBox<Completion> { connection, error in
            guard let connection else {
                return completion(.failure(error ?? BusError(message: "unknown error")))
            }
            g_dbus_connection_set_exit_on_close(connection, 0)
            completion(.success(SystemBus(connection: connection, thread: thread)))
        }
        var error: UnsafeMutablePointer<GError>?
        guard let address = g_dbus_address_get_for_bus_sync(type, cancellable, &error) else {
            return box.body(nil, take(error))
        }
        defer { g_free(address) }
        g_dbus_connection_new_for_address(
            address,
            GDBusConnectionFlags(
                G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT.rawValue
                    | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION.rawValue
            ),
            nil,
            cancellable,
            { _, result, data in
                var error: UnsafeMutablePointer<GError>?
                let connection = g_dbus_connection_new_for_address_finish(result, &error)
                Unmanaged<CallbackBox<Completion>>.fromOpaque(data!).takeRetainedValue().body(
                    connection,
                    take(error)
                )
            },
            Unmanaged.passRetained(box).toOpaque()
        )
    }

    /// Calls `method` with string arguments; `completion` gets the reply's arguments as a tuple.
    func call(
        _ destination: String,
        _ path: String,
        _ interface: String,
        _ method: String,
        _ arguments: [String] = [],
        timeoutMilliseconds: Int32 = 2000,
        completion: @escaping (Result<BusValue, BusError>) -> Void
    ) {
        callReceivingDescriptors(destination, path, interface, method, arguments, timeoutMilliseconds) {
            completion(
                $0.map { reply, descriptors in
                    descriptors.filter { $0 >= 0 }.forEach { _ = Glibc.close($0) }
                    return reply
                }
            )
        }
    }

    /// ``call(_:_:_:_:_:timeoutMilliseconds:completion:)`` for a reply that may carry file
    /// descriptors (`h` values index them): `completion` also gets the descriptors, each its own
    /// close-on-exec duplicate (`g_unix_fd_list_get`), which it must close.
    func callReceivingDescriptors(
        _ destination: String,
        _ path: String,
        _ interface: String,
        _ method: String,
        _ arguments: [String],
        _ timeoutMilliseconds: Int32 = 2000,
        completion: @escaping (Result<(BusValue, [Int32]), BusError>) -> Void
    ) {
        typealias Completion = (OpaquePointer?, [Int32], BusError?) -> Void
        let box = CallbackBox<Completion> { reply, descriptors, error in
            guard let reply else { return completion(.failure(error ?? BusError(message: "no reply"))) }
            defer { g_variant_unref(reply) }
            completion(.success((Self.value(of: reply), descriptors)))
        }
        let strings = arguments.map { strdup($0) }
        defer { strings.forEach { free($0) } }
        let parameters = strings.map { UnsafePointer($0) }.withUnsafeBufferPointer {
            arguments.isEmpty ? nil : musicdiff_variant_string_tuple($0.baseAddress, gsize($0.count))
        }
        g_dbus_connection_call_with_unix_fd_list(
            connection,
            destination,
            path,
            interface,
            method,
            parameters,
            nil,
            G_DBUS_CALL_FLAGS_NO_AUTO_START,
            timeoutMilliseconds,
            nil,
            cancellable,
            { source, result, data in
                var error: UnsafeMutablePointer<GError>?
                var list: UnsafeMutablePointer<GUnixFDList>?
                let reply = g_dbus_connection_call_with_unix_fd_list_finish(
                    OpaquePointer(source),
                    &list,
                    result,
                    &error
                )
                let descriptors = (0..<(list.map { g_unix_fd_list_get_length($0) } ?? 0)).map {
                    g_unix_fd_list_get(list, $0, nil)
                }
                if let list { g_object_unref(list) }
                Unmanaged<CallbackBox<Completion>>.fromOpaque(data!).takeRetainedValue().body(
                    reply,
                    descriptors,
                    take(error)
                )
            },
            Unmanaged.passRetained(box).toOpaque()
        )
    }

    /// Subscribes to signals from `sender` (any interface, member or path when nil).
    func subscribe(
        sender: String,
        interface: String? = nil,
        member: String? = nil,
        path: String? = nil,
        _ handler: @escaping SignalHandler
    ) -> UInt32 {
        let box = Unmanaged.passRetained(CallbackBox<SignalHandler>(handler)).toOpaque()
        let id = g_dbus_connection_signal_subscribe(
            connection,
            sender,
            interface,
            member,
            path,
            nil,
            G_DBUS_SIGNAL_FLAGS_NONE,
            { _, _, path, interface, member, parameters, data in
                let handler = Unmanaged<CallbackBox<SignalHandler>>.fromOpaque(data!).takeUnretainedValue()
                    .body
                let arguments = parameters.map { SystemBus.value(of: $0) } ?? .tuple([])
                handler(cString(path), cString(interface), cString(member), arguments)
            },
            box,
            { Unmanaged<CallbackBox<SignalHandler>>.fromOpaque($0!).release() }
        )
        subscriptions.insert(id)
        return id
    }

    /// Ends a subscription.
    func unsubscribe(_ id: UInt32) {
        guard subscriptions.remove(id) != nil else { return }
        g_dbus_connection_signal_unsubscribe(connection, id)
    }

    /// Watches who owns `name`: exactly one of the two is called at once, then on each change.
    func watch(name: String, appeared: @escaping () -> Void, vanished: @escaping () -> Void) -> UInt32 {
        typealias Handlers = (appeared: () -> Void, vanished: () -> Void)
        let box = Unmanaged.passRetained(CallbackBox<Handlers>((appeared, vanished))).toOpaque()
        let id = g_bus_watch_name_on_connection(
            connection,
            name,
            G_BUS_NAME_WATCHER_FLAGS_NONE,
            { _, _, _, data in
                Unmanaged<CallbackBox<Handlers>>.fromOpaque(data!).takeUnretainedValue().body.appeared()
            },
            { _, _, data in
                Unmanaged<CallbackBox<Handlers>>.fromOpaque(data!).takeUnretainedValue().body.vanished()
            },
            box,
            { Unmanaged<CallbackBox<Handlers>>.fromOpaque($0!).release() }
        )
        watches.insert(id)
        return id
    }

    /// Stops watching a name.
    func unwatch(_ id: UInt32) {
        guard watches.remove(id) != nil else { return }
        g_bus_unwatch_name(id)
    }

    /// Calls `handler` when the connection closes (the bus went away).
    func onClosed(_ handler: @escaping () -> Void) {
        let closed:
            @convention(c) (UnsafeMutableRawPointer?, gboolean, UnsafeMutableRawPointer?, gpointer?) -> Void
        closed = { _, _, _, data in
            Unmanaged<CallbackBox<() -> Void>>.fromOpaque(data!).takeUnretainedValue().body()
        }
        closedHandler = g_signal_connect_data(
            UnsafeMutableRawPointer(connection),
            "closed",
            unsafeBitCast(closed, to: GCallback.self),
            Unmanaged.passRetained(CallbackBox<() -> Void>(handler)).toOpaque(),
            { data, _ in Unmanaged<CallbackBox<() -> Void>>.fromOpaque(data!).release() },
            GConnectFlags(0)
        )
    }

    /// Cancels pending calls, ends subscriptions and watches, and closes the connection.
    func close() {
        if closedHandler != 0 {
            g_signal_handler_disconnect(UnsafeMutableRawPointer(connection), closedHandler)
        }
        closedHandler = 0
        g_cancellable_cancel(cancellable)
        subscriptions.forEach { g_dbus_connection_signal_unsubscribe(connection, $0) }
        watches.forEach { g_bus_unwatch_name($0) }
        (subscriptions, watches) = ([], [])
        g_dbus_connection_close(connection, nil, nil, nil)
    }

    deinit {
        g_object_unref(cancellable)
        g_object_unref(UnsafeMutableRawPointer(connection))
    }
}
