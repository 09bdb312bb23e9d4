import Testing

@testable import MusicdiffCore

@Suite struct ConfigParserTests {
    @Test(arguments: ["", "\n", "# nothing yet\n", "~\n", "daemon:\nsync:\n"])
    func emptyFilesAndSectionsMeanTheDefaults(text: String) throws {
        #expect(try ConfigParser.parse(text, file: "config.yaml") == Config())
    }

    @Test func theDefaultsAreTheOriginalDesigns() {
        let config = Config()
        #expect(config.daemon.enabled)
        #expect(config.daemon.interval == .seconds(86_400))
        #expect(config.daemon.schedule == nil)
        #expect(!config.daemon.smart)
        #expect(config.daemon.policy == "default")
        #expect(config.daemon.jitter == .zero)
        #expect(config.daemon.autoAcceptNonConflicts && config.daemon.skipConflicts)
        #expect(!config.daemon.notifyOnConflicts)
        #expect(config.daemon.notificationMethod == .desktop)
        #expect(config.daemon.email == nil)
        #expect(config.sync.command == nil)
        #expect(config.sync.timeout == .seconds(3_600))
        #expect(config.sync.grace == .seconds(10))
        #expect(!config.holdsSecret)
    }

    @Test func theOriginalDesignsExampleParses() throws {
        let text = """
            daemon:
              enabled: true
              interval: 86400  # 24 hours
              schedule: "0 2 * * *"  # Cron format (optional)

              # Auto-sync mode settings
              auto_accept_non_conflicts: true
              skip_conflicts: true

              # Notifications
              notify_on_conflicts: true
              notification_method: "email"  # email, desktop, both

              email:
                smtp_server: "smtp.gmail.com"
                username: "your-email@gmail.com"
                password: "app-password"
            """
        let config = try ConfigParser.parse(text, file: "config.yaml")
        #expect(config.daemon.schedule == "0 2 * * *")
        #expect(config.daemon.notifyOnConflicts)
        #expect(config.daemon.notificationMethod == .email)
        #expect(
            config.daemon.email
                == Config.Email(
                    smtpServer: "smtp.gmail.com",
                    port: 465,
                    username: "your-email@gmail.com",
                    password: "app-password",
                    to: "your-email@gmail.com"
                )
        )
        #expect(config.holdsSecret)
    }

    @Test func everySettingIsRead() throws {
        let text = """
            daemon:
              enabled: false
              interval: 6h
              smart: True
              policy: laptop
              jitter: 10m
              auto_accept_non_conflicts: false
              skip_conflicts: FALSE
              notification_method: both
              email: { smtp_server: mail.example.com, port: 587, username: me@example.com, to: you@example.com }
            sync:
              command: [/usr/local/bin/musicdiff-sync, --auto, "$HOME; rm -rf /"]
              timeout: 2h30m
              grace: 0
            """
        let config = try ConfigParser.parse(text, file: "config.yaml")
        #expect(!config.daemon.enabled)
        #expect(config.daemon.interval == .seconds(21_600))
        #expect(config.daemon.smart)
        #expect(config.daemon.policy == "laptop")
        #expect(config.daemon.jitter == .seconds(600))
        #expect(!config.daemon.autoAcceptNonConflicts && !config.daemon.skipConflicts)
        #expect(config.daemon.notificationMethod == .both)
        #expect(config.daemon.email?.port == 587)
        #expect(config.daemon.email?.to == "you@example.com")
        #expect(config.daemon.email?.password == nil)
        #expect(!config.holdsSecret)
        #expect(config.sync.command == ["/usr/local/bin/musicdiff-sync", "--auto", "$HOME; rm -rf /"])
        #expect(config.sync.timeout == .seconds(9_000))
        #expect(config.sync.grace == .zero)
    }

    @Test func aNullScheduleIsNoSchedule() throws {
        #expect(try ConfigParser.parse("daemon:\n  schedule:\n", file: "c.yaml").daemon.schedule == nil)
    }

    @Test(
        arguments: [
            ("interval: 6h\n", 1, 1, "\"interval\" belongs in the daemon: section; indent it under daemon:"),
            (
                "deamon:\n  interval: 6h\n", 1, 1,
                "unknown key \"deamon\" in the config (did you mean \"daemon\"?); allowed: daemon, sync"
            ),
            ("- daemon\n", 1, 1, "the config must be a mapping with daemon: and sync: sections"),
            (
                "daemon:\n  intervall: 6h\n", 2, 3,
                "unknown key \"intervall\" in daemon (did you mean \"interval\"?); allowed: enabled, interval, schedule, smart, policy, jitter, auto_accept_non_conflicts, skip_conflicts, notify_on_conflicts, notification_method, email, notify_overdue"
            ),
            ("daemon:\n  enabled: yes\n", 2, 12, "daemon.enabled must be true or false, not \"yes\""),
            ("daemon:\n  notify_overdue: 5x\n", 2, 19, "\"5x\" is not a duration (try \"30m\" or \"3d\")"),
            (
                "daemon:\n  notify_overdue: 10m\n", 2, 19,
                "daemon.notify_overdue must be at least 1h (try \"3d\")"
            ),
            (
                "daemon:\n  smart: \"true\"\n", 2, 10,
                "daemon.smart must be true or false without quotes, not \"true\""
            ),
            ("daemon:\n  interval: 30s\n", 2, 13, "daemon.interval must be at least 1m (try \"6h\")"),
            ("daemon:\n  interval: 5x\n", 2, 13, "\"5x\" is not a duration (try \"30m\" or \"6h\")"),
            ("daemon:\n  jitter: -5m\n", 2, 11, "daemon.jitter must not be negative (try \"10m\")"),
            (
                "daemon:\n  notification_method: sms\n", 2, 24,
                "\"sms\" is not allowed for daemon.notification_method; use email, desktop or both"
            ),
            (
                "daemon:\n  notification_method: email\n", 2, 24,
                "notification_method email needs an email: section with smtp_server and username; add one or use desktop"
            ),
            (
                "daemon:\n  email:\n    username: me\n", 3, 5,
                "daemon.email needs smtp_server, like \"smtp.example.com\""
            ),
            (
                "daemon:\n  email: { smtp_server: s, username: u, port: 0 }\n", 2, 47,
                "daemon.email.port must be between 1 and 65535, not 0"
            ),
            (
                "daemon:\n  email: { smtp_server: s, username: u, port: \"465\" }\n", 2, 47,
                "daemon.email.port must be a whole number, like 465, not \"465\""
            ),
            ("daemon:\n  policy: [a]\n", 2, 11, "daemon.policy must be text, not a list"),
            (
                "daemon:\n  schedule: \"  \"\n", 2, 13,
                "daemon.schedule is empty; write a cron expression like \"0 2 * * *\""
            ),
            (
                "sync:\n  command: rsync -a ~/Music host:/music\n", 2, 12,
                "sync.command must be a list of words, since it runs without a shell; write [\"rsync\", \"-a\", \"~/Music\", \"host:/music\"]"
            ),
            (
                "sync:\n  command: []\n", 2, 12,
                "sync.command must name at least one, like [\"musicdiff-sync\", \"--auto\"]"
            ),
            (
                "sync:\n  command: [\"\", x]\n", 2, 13,
                "sync.command must start with the program to run, like \"musicdiff-sync\""
            ),
            ("sync:\n  command: [a, [b]]\n", 2, 16, "sync.command must be text, not a list"),
            ("sync:\n  timeout: 0\n", 2, 12, "sync.timeout must be at least 1s (try \"1h\")"),
            ("sync:\n  grace: soon\n", 2, 10, "\"soon\" is not a duration (try \"30m\" or \"10s\")"),
            (
                "sync:\n  retries: 3\n", 2, 3,
                "unknown key \"retries\" in sync; allowed: command, timeout, grace, nice, io_class"
            ),
            ("sync: [a]\n", 1, 7, "sync must be a mapping like { command: [\"musicdiff-sync\"] }"),
            (
                "daemon:\n  interval: 6h\n  interval: 7h\n", 2, 3,
                "\"interval\" appears more than once in the same mapping; keep one"
            ),
            ("daemon:\n  interval: [6h\n", 2, 13, "\"[\" opened here is not closed with \"]\""),
            (
                "daemon:\n  interval: 106751991167300d23h\n", 2, 13,
                "daemon.interval must be at most 100 years (36525d) (try \"6h\")"
            ),
            (
                "sync:\n  timeout: 9223372036854775807\n", 2, 12,
                "sync.timeout must be at most 100 years (36525d) (try \"1h\")"
            ),
            ("sync: &s\n  grace: 5s\n", 1, 7, "anchors (&name) are not allowed here; write the value out"),
        ] as [(String, Int, Int, String)]
    )
    func malformedConfigsSayWhereAndWhy(text: String, line: Int, column: Int, message: String) {
        #expect(throws: PolicyError(file: "config.yaml", line: line, column: column, message: message)) {
            try ConfigParser.parse(text, file: "config.yaml")
        }
    }
}
