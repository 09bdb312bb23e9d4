/// `config.yaml`: the daemon's schedule and notification settings and the sync job to run.
///
/// Read by ``ConfigParser``; every field has the original design's default, so a missing
/// file is `Config()` (with no sync command).
public struct Config: Sendable, Equatable {
    /// How conflicts are announced.
    public enum NotificationMethod: String, Sendable, Equatable, CaseIterable {
        /// By e-mail, through `daemon.email`.
        case email
        /// A desktop notification.
        case desktop
        /// Both.
        case both

        /// Whether this method sends e-mail; a new method says so here, not by default.
        public var sendsEmail: Bool {
            switch self {
            case .email, .both: true
            case .desktop: false
            }
        }

        /// Whether this method shows a desktop notification.
        public var showsDesktop: Bool {
            switch self {
            case .desktop, .both: true
            case .email: false
            }
        }
    }

    /// `daemon.email`: where conflict notifications are mailed, over SMTP with TLS.
    public struct Email: Sendable, Equatable {
        /// The SMTP server's host name.
        public var smtpServer: String
        /// The SMTP server's port; 465 (SMTP over TLS) unless set.
        public var port: Int
        /// The account to log in as, and the sender.
        public var username: String
        /// The account's password, if the server needs one: a secret, so the file must be private.
        public var password: String?
        /// The recipient; the username unless set.
        public var to: String

        /// Creates e-mail settings; `to` defaults to `username`.
        public init(
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
    public struct Daemon: Sendable, Equatable {
        /// Whether the daemon syncs at all.
        public var enabled = true
        /// Time between syncs in interval mode; at least a minute.
        public var interval: Duration = .seconds(86_400)
        /// A 5-field cron expression, unvalidated; nil for interval mode.
        public var schedule: String?
        /// Whether a due sync also waits for the policy.
        public var smart = false
        /// The policy smart mode uses: a name or a path.
        public var policy = "default"
        /// Where `daemon.policy` is written; nil when the file does not set it.
        public var policySite: YAMLSite?
        /// The longest random delay added before a due sync.
        public var jitter: Duration = .zero
        /// Whether the sync job applies changes that do not conflict without asking.
        public var autoAcceptNonConflicts = true
        /// Whether the sync job leaves conflicts for the user to resolve (`musicdiff conflicts`).
        public var skipConflicts = true
        /// Whether conflicts are announced.
        public var notifyOnConflicts = false
        /// How conflicts are announced.
        public var notificationMethod: NotificationMethod = .desktop
        /// Where e-mail goes; nil when not configured.
        public var email: Email?
        /// `notify_overdue`: once no sync has succeeded for this long, the overdue alert goes
        /// to the `notification_method` channels once a day; nil: never.
        public var notifyOverdue: Duration?

        /// Creates the defaults.
        public init() {}
    }

    /// `sync.io_class`: the I/O scheduling class the job runs in (`ioprio_set(2)`).
    public enum IOClass: String, Sendable, Equatable, CaseIterable {
        /// Disk time only when no one else wants it (class 3): the default.
        case idle
        /// The normal class at its lowest level (class 2, level 7).
        case bestEffort = "best-effort"
        /// Left as it is: the job keeps the daemon's I/O priority.
        case none
    }

    /// The `sync:` section.
    public struct Sync: Sendable, Equatable {
        /// The sync job as an argv, run without a shell; nil when not configured.
        public var command: [String]?
        /// Where the command's program is written, for an error about it.
        public var commandSite: YAMLSite?
        /// How long the job may run before it is stopped.
        public var timeout: Duration = .seconds(3_600)
        /// Time between SIGTERM and SIGKILL when the job is stopped.
        public var grace: Duration = .seconds(10)
        /// `sync.nice`: the job's CPU niceness, set before it does any work (`setpriority(2)`).
        public var nice = 10
        /// `sync.io_class`: the job's I/O scheduling class.
        public var ioClass: IOClass = .idle

        /// Creates the defaults.
        public init() {}
    }

    /// The shortest `daemon.interval` allowed.
    public static let minimumInterval: Duration = .seconds(60)
    /// The niceness `sync.nice` may set: 0 (the normal priority) to 19 (the lowest); a
    /// negative one would need privileges the daemon does not have.
    public static let niceRange = 0...19
    /// The shortest `sync.timeout` allowed.
    public static let minimumTimeout: Duration = .seconds(1)

    /// The `daemon:` section.
    public var daemon = Daemon()
    /// The `sync:` section.
    public var sync = Sync()

    /// Creates a config with every default.
    public init() {}

    /// Whether the file holds a secret (an e-mail password) and so must be private.
    public var holdsSecret: Bool { daemon.email?.password != nil }
}
