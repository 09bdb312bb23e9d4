import MusicdiffCore

/// Builds the notifiers `config.yaml` asks for and runs them after a sync: shared by the
/// daemon and `musicdiff sync`.
package enum ConflictNotifiers {
    /// How one notifier fared.
    package struct Report: Sendable, Equatable, CustomStringConvertible {
        /// The notifier, as its description words it (`e-mail to me@example.com via smtp.example.com:465`).
        package var notifier: String
        /// Why it failed; nil when the notification was handed over.
        package var error: DaemonError?

        /// Creates a report.
        package init(notifier: String, error: DaemonError? = nil) {
            self.notifier = notifier
            self.error = error
        }

        /// `Conflicts notified by …`, or `Conflict notification failed: …` with the error.
        package var description: String {
            error.map { "Conflict notification failed: \($0)" } ?? "Conflicts notified by \(notifier)"
        }
    }

    /// The real notifiers for `daemon.notification_method`: a ``DesktopNotifier`` for
    /// `desktop` or `both`, an ``EmailNotifier`` for `email` or `both` (one that always fails,
    /// saying why, when `daemon.email` is missing). Ignores `notify_on_conflicts`.
    package static func make(for daemon: Config.Daemon) -> [any ConflictNotifier] {
        var notifiers: [any ConflictNotifier] = []
        if daemon.notificationMethod.showsDesktop { notifiers.append(DesktopNotifier()) }
        if daemon.notificationMethod.sendsEmail {
            if let email = daemon.email {
                notifiers.append(EmailNotifier(settings: email))
            } else {
                notifiers.append(UnconfiguredEmail(method: daemon.notificationMethod))
            }
        }
        return notifiers
    }

    /// Notifies of `result`'s conflicts by the notifiers `make` builds for `daemon`, all at
    /// once, when `daemon.notify_on_conflicts` is on and there are conflicts; returns one
    /// report per notifier, in their order (none when nothing was to be sent).
    package static func announce(
        _ result: SyncResult,
        settings daemon: Config.Daemon,
        make: @Sendable (Config.Daemon) -> [any ConflictNotifier] = make(for:)
    ) async -> [Report] {
        guard daemon.notifyOnConflicts, !result.conflicts.isEmpty else { return [] }
        let notifiers = make(daemon)
        let conflicts = result.conflicts
        return await withTaskGroup(of: (Int, Report).self) { group in
            for (index, notifier) in notifiers.enumerated() {
                group.addTask {
                    let name = String(describing: notifier)
                    do throws(DaemonError) {
                        try await notifier.notify(conflicts: conflicts)
                        return (index, Report(notifier: name))
                    } catch {
                        return (index, Report(notifier: name, error: error))
                    }
                }
            }
            var reports: [(Int, Report)] = []
            for await report in group { reports.append(report) }
            return reports.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }
}

/// The e-mail notifier of a config that asks for e-mail but has no `daemon.email` section
/// (the config parser refuses such a file; a config built in code may still have one).
struct UnconfiguredEmail: ConflictNotifier, CustomStringConvertible {
    let method: Config.NotificationMethod

    var description: String { "e-mail" }

    func notify(conflicts: [SyncRun.Conflict]) async throws(DaemonError) {
        throw .notification(
            "cannot send the conflict e-mail",
            "notification_method is \(method.rawValue) but config.yaml has no daemon.email section;"
                + " add one with smtp_server and username, or use desktop"
        )
    }
}
