/// Steering python-dbusmock's `logind` template.
extension BusDriver {
    private static let logind = "org.freedesktop.login1"
    private static let logindPath = "/org/freedesktop/login1"

    /// Adds session `id` of `uid` on seat0 (of `type`, e.g. `x11`, when given); returns its path.
    /// The mock announces no `SessionNew`: see ``logindAnnounceSession(_:path:)``.
    package func logindAddSession(
        _ id: String,
        uid: UInt32,
        active: Bool = true,
        type: String? = nil
    ) throws -> String {
        let path = try Self.firstString(
            call(
                Self.logind,
                Self.logindPath,
                "org.freedesktop.DBus.Mock",
                "AddSession",
                "('\(id)', 'seat0', uint32 \(uid), 'user\(uid)', \(active))"
            )
        )
        if let type { try logindUpdate(path, Self.logind + ".Session", "{'Type': <'\(type)'>}") }
        return path
    }

    /// Emits the manager's `SessionNew` for a session added with ``logindAddSession(_:uid:active:type:)``.
    package func logindAnnounceSession(_ id: String, path: String) throws {
        try call(
            Self.logind,
            Self.logindPath,
            "org.freedesktop.DBus.Mock",
            "EmitSignal",
            "('\(Self.logind).Manager', 'SessionNew', 'so', [<'\(id)'>, <objectpath '\(path)'>])"
        )
    }

    /// Sets a session's `IdleHint` and `IdleSinceHint` (µs since the epoch).
    package func logindSetSessionIdle(_ path: String, hint: Bool, since: UInt64) throws {
        try logindUpdate(
            path,
            Self.logind + ".Session",
            "{'IdleHint': <\(hint)>, 'IdleSinceHint': <uint64 \(since)>}"
        )
    }

    /// Sets the manager's `IdleHint` and `IdleSinceHint` (µs since the epoch).
    package func logindSetManagerIdle(hint: Bool, since: UInt64) throws {
        try logindUpdate(
            Self.logindPath,
            Self.logind + ".Manager",
            "{'IdleHint': <\(hint)>, 'IdleSinceHint': <uint64 \(since)>}"
        )
    }

    /// Emits the manager's `PrepareForSleep(starting)`, as logind does before a suspend (`true`)
    /// and after the resume (`false`).
    package func logindEmitPrepareForSleep(_ starting: Bool) throws {
        try call(
            Self.logind,
            Self.logindPath,
            "org.freedesktop.DBus.Mock",
            "EmitSignal",
            "('\(Self.logind).Manager', 'PrepareForSleep', 'b', [<\(starting)>])"
        )
    }

    /// The inhibitors the mock holds (its `ListInhibitors`). The mock drops one as soon as it
    /// sees its descriptor closed (`POLLHUP` in its main loop), a moment after the holder closes
    /// it: wait until it is gone rather than checking once.
    package func logindInhibitors() throws -> [LogindInhibitor] {
        let reply = try callUnpacked(Self.logind, Self.logindPath, Self.logind + ".Manager", "ListInhibitors")
        let rows = ((reply as? [Any])?.first as? [Any]) ?? []
        return rows.compactMap { row in
            guard let fields = row as? [Any], fields.count == 6,
                let strings = fields[0..<4].map({ $0 as? String }) as? [String]
            else { return nil }
            return LogindInhibitor(what: strings[0], who: strings[1], why: strings[2], mode: strings[3])
        }
    }

    /// Gives the manager the `InhibitDelayMaxUSec` property (the template has none). Call before
    /// the sensors start: they read it when logind appears.
    package func logindSetInhibitDelayMax(microseconds: UInt64) throws {
        try call(
            Self.logind,
            Self.logindPath,
            "org.freedesktop.DBus.Mock",
            "AddProperty",
            "('\(Self.logind).Manager', 'InhibitDelayMaxUSec', <uint64 \(microseconds)>)"
        )
    }

    /// `UpdateProperties` on `path`: sets them and emits PropertiesChanged.
    private func logindUpdate(_ path: String, _ interface: String, _ properties: String) throws {
        try call(
            Self.logind,
            path,
            "org.freedesktop.DBus.Mock",
            "UpdateProperties",
            "('\(interface)', \(properties))"
        )
    }
}

/// One inhibitor as logind's `ListInhibitors` lists it. (The mock's uid and pid are made up,
/// 1000 and 123456, whoever holds it: tell inhibitors apart by `who`.)
package struct LogindInhibitor: Sendable, Equatable, CustomStringConvertible {
    /// What it inhibits: `sleep`, `shutdown`, `idle`... (colon-separated).
    package let what: String
    /// Who holds it: `musicdiff`.
    package let who: String
    /// Why, in the holder's words.
    package let why: String
    /// `delay` or `block`.
    package let mode: String

    /// Creates an inhibitor description.
    package init(what: String, who: String, why: String, mode: String) {
        (self.what, self.who, self.why, self.mode) = (what, who, why, mode)
    }

    /// musicdiff's delay lock on sleep, as the daemon takes it while a sync runs.
    package static let musicdiffSleepDelay = LogindInhibitor(
        what: "sleep",
        who: "musicdiff",
        why: "stopping a sync",
        mode: "delay"
    )

    /// `what/who/mode: why`.
    package var description: String { "\(what)/\(who)/\(mode): \(why)" }
}
