import Foundation
import Synchronization

/// Steers the mocks on a ``MockBus``: one long-lived Python (PyGObject) process that makes the
/// D-Bus calls it is sent, one at a time, and says when each was sent (`CLOCK_MONOTONIC`), so
/// that a benchmark can time a property change from the moment it left.
package final class BusDriver: Sendable {
    private let process: ChildProcess
    private let input: FileHandle
    private let output: Mutex<LineReader>

    /// Starts the driver on `bus`.
    init(bus: MockBus) throws {
        let script = bus.folder.appendingPathComponent("driver.py")
        try Self.script(bus: bus.kind == .session ? "SESSION" : "SYSTEM")
            .write(to: script, atomically: true, encoding: .utf8)
        let stdin = Pipe(), stdout = Pipe()
        process = try ChildProcess(
            "/usr/bin/python3",
            [script.path],
            environment: bus.environment,
            input: stdin.fileHandleForReading,
            output: stdout.fileHandleForWriting,
            pids: bus.pids
        )
        try? stdin.fileHandleForReading.close()
        try? stdout.fileHandleForWriting.close()
        input = stdin.fileHandleForWriting
        output = Mutex(LineReader(stdout.fileHandleForReading))
    }

    deinit { stop() }

    /// Calls `method` with `arguments` written as a GVariant text tuple (as `gdbus call` takes
    /// them, e.g. `('org.freedesktop.UPower', 'OnBattery', <true>)`); returns the reply as text.
    @discardableResult
    package func call(
        _ destination: String,
        _ path: String,
        _ interface: String,
        _ method: String,
        _ arguments: String = "()"
    ) throws -> String {
        try timedCall(destination, path, interface, method, arguments).reply
    }

    /// ``call(_:_:_:_:_:)``, also returning when the call was sent, in `CLOCK_MONOTONIC`
    /// nanoseconds (compare with ``monotonicNanoseconds()``).
    package func timedCall(
        _ destination: String,
        _ path: String,
        _ interface: String,
        _ method: String,
        _ arguments: String = "()"
    ) throws -> (reply: String, sentAt: UInt64) {
        let reply = try send(destination, path, interface, method, arguments, unpack: false)
        return (reply["reply"] as? String ?? "", (reply["sent"] as? NSNumber)?.uint64Value ?? 0)
    }

    /// ``call(_:_:_:_:_:)``, returning the reply unpacked (PyGObject's `unpack()`) and read back
    /// from JSON: strings, numbers, arrays and dictionaries, such as dbusmock's `GetCalls`.
    func callUnpacked(
        _ destination: String,
        _ path: String,
        _ interface: String,
        _ method: String,
        _ arguments: String = "()"
    ) throws -> Any {
        try send(destination, path, interface, method, arguments, unpack: true)["reply"] ?? NSNull()
    }

    /// Sends one request and returns the driver's answer, or throws the call's error.
    private func send(
        _ destination: String,
        _ path: String,
        _ interface: String,
        _ method: String,
        _ arguments: String,
        unpack: Bool
    ) throws -> [String: Any] {
        let request: [String: Any] = [
            "dest": destination, "path": path, "iface": interface, "method": method, "args": arguments,
            "unpack": unpack,
        ]
        let line = try output.withLock { reader in
            try input.write(contentsOf: JSONSerialization.data(withJSONObject: request) + Data("\n".utf8))
            return reader.readLine()
        }
        guard let line, let data = line.data(using: .utf8),
            let reply = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { throw MockBusError(message: "the bus driver stopped answering") }
        guard reply["ok"] as? Bool == true else {
            throw MockBusError(
                message: "\(interface).\(method) on \(path): \(reply["error"] as? String ?? "failed")"
            )
        }
        return reply
    }

    /// Ends the driver.
    func stop() {
        try? input.close()
        process.kill()
    }

    /// The driver's Python, on the bus `bus` names (`SYSTEM` or `SESSION`).
    private static func script(bus: String) -> String {
        """
        import json, sys, time
        from gi.repository import Gio, GLib
        bus = Gio.bus_get_sync(Gio.BusType.\(bus), None)
        for line in sys.stdin:
            request = json.loads(line)
            try:
                arguments = GLib.Variant.parse(None, request["args"], None, None)
                sent = time.clock_gettime_ns(time.CLOCK_MONOTONIC)
                reply = bus.call_sync(request["dest"], request["path"], request["iface"], request["method"],
                                      arguments, None, Gio.DBusCallFlags.NO_AUTO_START, 5000, None)
                text = reply.unpack() if request.get("unpack") else reply.print_(True)
                print(json.dumps({"ok": True, "sent": sent, "reply": text}), flush=True)
            except Exception as error:
                print(json.dumps({"ok": False, "error": str(error)}), flush=True)
        """
    }
}

/// `CLOCK_MONOTONIC` now, in nanoseconds: the clock ``BusDriver/timedCall(_:_:_:_:_:)`` stamps with.
package func monotonicNanoseconds() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
}
