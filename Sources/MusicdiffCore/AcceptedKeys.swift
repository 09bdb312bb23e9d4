/// Every key that `config.yaml` and policies accept, by the mapping that holds it: the same
/// lists the parsers check against, gathered so that a test can walk them all and demand an
/// observable effect of each (no key may be accepted and then ignored).
public enum AcceptedKeys {
    /// The keys of each mapping of a policy; `""` is the top level.
    public static let policy: [String: [String]] = [
        "": PolicyParser.keys,
        "idle": PolicyParser.idleKeys,
        "network": PolicyParser.networkKeys,
        "load": PolicyParser.loadKeys,
        "battery": PolicyParser.batteryKeys,
        "while_running": PolicyParser.whileRunningKeys,
        "while_running.network": PolicyParser.networkKeys,
        "while_running.battery": PolicyParser.runningBatteryKeys,
        "while_running.idle": PolicyParser.activeKeys,
        "relax": PolicyParser.relaxKeys,
        "relax.idle": PolicyParser.idleKeys,
        "relax.network": PolicyParser.networkKeys,
        "relax.load": PolicyParser.loadKeys,
        "relax.battery": PolicyParser.batteryKeys,
    ]

    /// The keys of each mapping of `config.yaml`; `""` is the top level.
    public static let config: [String: [String]] = [
        "": ConfigParser.sections,
        "daemon": ConfigParser.daemonKeys,
        "daemon.email": ConfigParser.emailKeys,
        "sync": ConfigParser.syncKeys,
    ]

    /// The keys that hold values (not mappings), dotted: `idle.min`, `daemon.email.port`.
    public static func leaves(_ table: [String: [String]]) -> [String] {
        table.flatMap { prefix, keys in
            keys.map { prefix.isEmpty ? $0 : "\(prefix).\($0)" }.filter { table[$0] == nil }
        }
        .sorted()
    }
}
