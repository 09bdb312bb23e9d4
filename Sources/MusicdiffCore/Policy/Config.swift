/// `config.yaml`: the daemon's schedule and notification settings and the sync job to run.
///
/// Read by ``ConfigParser``; every field has the original design's default, so a missing
/// file is `Config()` (with no sync command).
package struct Config: Sendable, Equatable {
    /// How conflicts are announced.
    package enum NotificationMethod: String, Sendable, Equatable, CaseIterable {
        /// By e-mail, through `daemon.email`.
        case email
        /// A desktop notification.
        case desktop
        /// Both.
        case both

        /// Whether this method sends e-mail; a new method says so here, not by default.
        package var sendsEmail: Bool {
            switch self {
            case .email, .both: true
            case .desktop: false
            }
        }

        /// Whether this method shows a desktop notification.
        package var showsDesktop: Bool {
            switch self {
            case .desktop, .both: true
            case .email: false
            }
        }
    }

    /// `daemon.email`: where conflict notifications are mailed, over SMTP with TLS.
    package struct Email: Sendable, Equatable {
        /// The SMTP server's host name.
        package var smtpServer: String
        /// The SMTP server's port; 465 (SMTP over TLS) unless set.
        package var port: Int
        /// The account to log in as, and the sender.
        package var username: String
        /// The account's password, if the server needs one: a secret, so the file must be private.
        package var password: String?
        /// The recipient; the username unless set.
        package var to: String

        /// Creates e-mail settings; `to` defaults to `username`.
        package init(
            smtpServer: String,
            port: Int = 465,
            username: String,
            password: String? = nil,
            to: String? = nil
        ) {
            self.smtpServer = smtpServer
            self.port = port
            self.username = username
            self.password = password
            self.to = to ?? username
        }
    }

    /// The `daemon:` section.
    package struct Daemon: Sendable, Equatable {
        /// Whether the daemon syncs at all.
        package var enabled = true
        /// Time between syncs in interval mode; at least a minute.
        package var interval: Duration = .seconds(86_400)
        /// A 5-field cron expression, unvalidated; nil for interval mode.
        package var schedule: String?
        /// Whether a due sync also waits for the policy.
        package var smart = false
        /// The policy smart mode uses: a name or a path.
        package var policy = "default"
        /// Where `daemon.policy` is written; nil when the file does not set it.
        package var policySite: YAMLSite?
        /// The longest random delay added before a due sync.
        package var jitter: Duration = .zero
        /// Whether the sync job applies changes that do not conflict without asking.
        package var autoAcceptNonConflicts = true
        /// Whether the sync job leaves conflicts for the user to resolve (`musicdiff conflicts`).
        package var skipConflicts = true
        /// Whether conflicts are announced.
        package var notifyOnConflicts = false
        /// How conflicts are announced.
        package var notificationMethod: NotificationMethod = .desktop
        /// Where e-mail goes; nil when not configured.
        package var email: Email?
        /// `notify_overdue`: once no sync has succeeded for this long, the overdue alert goes
        /// to the `notification_method` channels once a day; nil: never.
        package var notifyOverdue: Duration?

        /// Creates the defaults.
        package init() {}
    }

    /// `sync.io_class`: the I/O scheduling class the job runs in (`ioprio_set(2)`).
    package enum IOClass: String, Sendable, Equatable, CaseIterable {
        /// Disk time only when no one else wants it (class 3): the default.
        case idle
        /// The normal class at its lowest level (class 2, level 7).
        case bestEffort = "best-effort"
        /// Left as it is: the job keeps the daemon's I/O priority.
        case none
    }

    /// The `sync:` section.
    package struct Sync: Sendable, Equatable {
        /// The sync job as an argv, run without a shell; nil when not configured.
        package var command: [String]?
        /// Where the command's program is written, for an error about it.
        package var commandSite: YAMLSite?
        /// How long the job may run before it is stopped.
        package var timeout: Duration = .seconds(3_600)
        /// Time between SIGTERM and SIGKILL when the job is stopped.
        package var grace: Duration = .seconds(10)
        /// `sync.nice`: the job's CPU niceness, set before it does any work (`setpriority(2)`).
        package var nice = 10
        /// `sync.io_class`: the job's I/O scheduling class.
        package var ioClass: IOClass = .idle

        /// Creates the defaults.
        package init() {}
    }

    /// The shortest `daemon.interval` allowed.
    package static let minimumInterval: Duration = .seconds(60)
    /// The niceness `sync.nice` may set: 0 (the normal priority) to 19 (the lowest); a
    /// negative one would need privileges the daemon does not have.
    static let niceRange = 0...19
    /// The shortest `sync.timeout` allowed.
    static let minimumTimeout: Duration = .seconds(1)

    /// The `daemon:` section.
    package var daemon = Daemon()
    /// The `sync:` section.
    package var sync = Sync()

    /// Creates a config with every default.
    package init() {}

    /// Whether the file holds a secret (an e-mail password) and so must be private.
    package var holdsSecret: Bool { daemon.email?.password != nil }
}
