/// Why the sensors could not do what was asked of them (a reading that cannot be read is not an
/// error: it is an unknown reading with its reason).
package enum SensorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The D-Bus sensors were stopped (``DBusSensors/stop()``).
    case stopped
    /// logind cannot be asked: there is no system bus, or logind is not running on it.
    case logindUnavailable(reason: String)
    /// logind was asked and said no (a D-Bus error), or answered without a lock.
    case logindRefused(reason: String)

    /// The reason alone, e.g. `logind is not running`.
    package var reason: String {
        switch self {
        case .stopped: "the D-Bus sensors are stopped"
        case .logindUnavailable(let reason), .logindRefused(let reason): reason
        }
    }

    /// One sentence: what failed and why, e.g. `no sleep inhibitor: logind is not running`.
    package var description: String { "no sleep inhibitor: \(reason)" }
}
