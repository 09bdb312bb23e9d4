import Glibc
import MusicdiffCore

/// Other programs' logind `block` inhibitors on `idle` (a video player, a call, a
/// presentation): `ListInhibitors()` read when logind appears and again each time its
/// `BlockInhibited` property changes, through a ``BusySignClient``. musicdiff's own locks (the
/// daemon's sleep delay lock, `keep_awake`'s idle lock) do not count.
enum IdleInhibitorsClient {
    /// A client of logind on `bus` that tells `hub` the `idle-inhibitor` sign.
    static func make(hub: SensorHub, bus: SystemBus) -> BusySignClient {
        let pid = UInt64(getpid())
        return BusySignClient(
            hub: hub,
            bus: bus,
            source: .init(
                kind: .idleInhibitor,
                service: LogindClient.name,
                label: "logind",
                path: LogindClient.managerPath,
                property: "BlockInhibited",
                interface: LogindClient.managerInterface,
                method: "ListInhibitors",
                arguments: [],
                sign: { sign($0[0]?.elements ?? [], pid: pid) },
                signalled: nil
            )
        )
    }

    /// In use when another program holds a block lock on idle: `Firefox: video playing`
    /// (who: why), each such program named.
    private static func sign(_ inhibitors: [BusValue], pid: UInt64) -> BusySign {
        // Each is (what, who, why, mode, uid, pid); `what` lists locks with colons.
        let holders = inhibitors.compactMap { lock -> String? in
            let what = lock[0]?.string?.split(separator: ":") ?? []
            guard what.contains("idle"), lock[3]?.string == "block" else { return nil }
            let who = lock[1]?.string ?? "?"
            guard who != "musicdiff", lock[5]?.uint != pid else { return nil }
            let why = lock[2]?.string ?? ""
            return why.isEmpty ? who : "\(who): \(why)"
        }
        return holders.isEmpty ? .free : .inUse(holders.joined(separator: "; "))
    }
}
