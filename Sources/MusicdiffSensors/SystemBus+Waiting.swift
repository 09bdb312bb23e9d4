extension SystemBus {
    /// Reads one property, retrying every `milliseconds` up to `attempts` times until it answers:
    /// a service may own its name a moment before it serves its objects (python-dbusmock does).
    /// `completion` gets the value, or the last attempt's error.
    func waitUntilAnswering(
        _ destination: String,
        _ path: String,
        _ interface: String,
        property: String,
        attempts: Int = 60,
        every milliseconds: UInt32 = 25,
        completion: @escaping (Result<BusValue, BusError>) -> Void
    ) {
        call(destination, path, "org.freedesktop.DBus.Properties", "Get", [interface, property]) {
            [weak self] in
            guard let self else { return }
            if case .success = $0 { return completion($0) }
            guard attempts > 1 else { return completion($0) }
            thread.after(milliseconds: milliseconds) { [weak self] in
                self?.waitUntilAnswering(
                    destination,
                    path,
                    interface,
                    property: property,
                    attempts: attempts - 1,
                    every: milliseconds,
                    completion: completion
                )
            }
        }
    }

    /// Calls `method`, trying again 25 ms after a failure, up to `attempts` times, while
    /// `wanted()` holds (a service may own its name a moment before it answers);
    /// `completion` gets the last reply, if it is still wanted.
    func call(
        _ destination: String,
        _ path: String,
        _ interface: String,
        _ method: String,
        _ arguments: [String] = [],
        attempts: Int,
        while wanted: @escaping () -> Bool,
        completion: @escaping (Result<BusValue, BusError>) -> Void
    ) {
        call(destination, path, interface, method, arguments) { [weak self] reply in
            guard let self, wanted() else { return }
            guard case .failure = reply, attempts > 1 else { return completion(reply) }
            thread.after(milliseconds: 25) { [weak self] in
                guard wanted() else { return }
                self?.call(
                    destination,
                    path,
                    interface,
                    method,
                    arguments,
                    attempts: attempts - 1,
                    while: wanted,
                    completion: completion
                )
            }
        }
    }
}
