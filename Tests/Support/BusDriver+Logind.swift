/// Steering python-dbusmock's `logind` template.
extension BusDriver {
    private static let logind = "org.freedesktop.login1"
    private static let logindPath = "/org/freedesktop/login1"

    /// Adds session `id` of `uid` on seat0 (of `type`, e.g. `x11`, when given); returns its path.
    /// The mock announces no `SessionNew`: see ``logindAnnounceSession(_:path:)``.
    public func logindAddSession(
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
    public func logindAnnounceSession(_ id: String, path: String) throws {
        try call(
            Self.logind,
            Self.logindPath,
            "org.freedesktop.DBus.Mock",
            "EmitSignal",
            "('\(Self.logind).Manager', 'SessionNew', 'so', [<'\(id)'>, <objectpath '\(path)'>])"
        )
    }

    /// Sets a session's `IdleHint` and `IdleSinceHint` (µs since the epoch).
    public func logindSetSessionIdle(_ path: String, hint: Bool, since: UInt64) throws {
        try logindUpdate(
            path,
            Self.logind + ".Session",
            "{'IdleHint': <\(hint)>, 'IdleSinceHint': <uint64 \(since)>}"
        )
    }

    /// Sets the manager's `IdleHint` and `IdleSinceHint` (µs since the epoch).
    public func logindSetManagerIdle(hint: Bool, since: UInt64) throws {
        try logindUpdate(
            Self.logindPath,
            Self.logind + ".Manager",
            "{'IdleHint': <\(hint)>, 'IdleSinceHint': <uint64 \(since)>}"
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
