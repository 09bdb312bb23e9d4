#if canImport(Glibc)
    import Glibc
#endif

extension DaemonError {
    /// The `errno` that names the failure best, for systemd's `ERRNO=` (which `systemctl
    /// status` shows beside the status line): `EEXIST` for a second daemon, `EINVAL` for a
    /// bad config, policy or schedule, `EACCES` for a config others may read, `EIO` for files.
    var errnoCode: Int32 {
        switch self {
        case .alreadyRunning, .syncAlreadyRunning: EEXIST
        case .policy, .config, .configErrors, .schedule, .noSyncCommand, .policyNotFound: EINVAL
        case .configNotPrivate: EACCES
        case .disabled: ECANCELED
        case .io, .state, .startFailed, .notRunning, .reload: EIO
        }
    }
}
