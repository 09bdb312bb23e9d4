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
}
