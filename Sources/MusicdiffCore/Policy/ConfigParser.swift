import Foundation
import Yams

/// Reads `config.yaml`, strictly, as ``PolicyParser`` reads policies: unknown keys, wrong
/// types and out-of-range values are ``PolicyError``s naming the line and column.
///
/// An empty file, and a section written as nothing (`daemon:` with every key commented
/// out), mean the defaults; so does `schedule:` with no value.
public enum ConfigParser {
    /// The keys of the top level.
    static let sections = ["daemon", "sync"]
    /// The keys of `daemon:`.
    static let daemonKeys = [
        "enabled", "interval", "schedule", "smart", "policy", "jitter", "auto_accept_non_conflicts",
        "skip_conflicts", "notify_on_conflicts", "notification_method", "email",
    ]
    /// The keys of `daemon.email:`.
    static let emailKeys = ["smtp_server", "port", "username", "password", "to"]
    /// The keys of `sync:`.
    static let syncKeys = ["command", "timeout", "grace"]

    /// Parses `text`, read from `file`.
    public static func parse(_ text: String, file: String) throws(PolicyError) -> Config {
        let root = try YAMLDocument.compose(text, file: file)
        var config = Config()
        guard let root, !YAMLFields.isNothing(root) else { return config }
        let fields = YAMLFields(file: file)
        let map = try fields.mapping(root, "the config must be a mapping with daemon: and sync: sections")
        try checkSections(map, fields)
        if let node = map["daemon"], !YAMLFields.isNothing(node) { config.daemon = try daemon(node, fields) }
        if let node = map["sync"], !YAMLFields.isNothing(node) { config.sync = try sync(node, fields) }
        return config
    }

    /// Rejects unknown top-level keys, pointing a daemon or sync setting to its section.
    static func checkSections(_ map: Node.Mapping, _ fields: YAMLFields) throws(PolicyError) {
        for key in map.keys {
            guard let name = key.scalar?.string, !sections.contains(name) else { continue }
            if let section = daemonKeys.contains(name) ? "daemon" : syncKeys.contains(name) ? "sync" : nil {
                throw fields.error(
                    at: key,
                    "\"\(name)\" belongs in the \(section): section; indent it under \(section):"
                )
            }
        }
        try fields.checkKeys(map, allowed: sections, in: "the config")
    }

    static func daemon(_ node: Node, _ fields: YAMLFields) throws(PolicyError) -> Config.Daemon {
        let map = try fields.mapping(node, "daemon must be a mapping of settings, like \"interval: 6h\"")
        try fields.checkKeys(map, allowed: daemonKeys, in: "daemon")
        var daemon = Config.Daemon()
        if let node = map["enabled"] { daemon.enabled = try fields.bool(node, key: "daemon.enabled") }
        if let node = map["interval"] {
            daemon.interval = try fields.duration(
                node,
                key: "daemon.interval",
                example: "6h",
                minimum: Config.minimumInterval
            )
        }
        if let node = map["schedule"], !YAMLFields.isNothing(node) {
            let text = try fields.string(node, key: "daemon.schedule")
            guard !text.trimmingSpaces().isEmpty else {
                throw fields.error(
                    at: node,
                    "daemon.schedule is empty; write a cron expression like \"0 2 * * *\""
                )
            }
            daemon.schedule = text
        }
        if let node = map["smart"] { daemon.smart = try fields.bool(node, key: "daemon.smart") }
        if let node = map["policy"] {
            daemon.policy = try fields.string(node, key: "daemon.policy")
            guard !daemon.policy.trimmingSpaces().isEmpty else {
                throw fields.error(
                    at: node,
                    "daemon.policy is empty; name a policy, like \"laptop\", or a file"
                )
            }
        }
        if let node = map["jitter"] {
            daemon.jitter = try fields.duration(node, key: "daemon.jitter", example: "10m")
        }
        if let node = map["auto_accept_non_conflicts"] {
            daemon.autoAcceptNonConflicts = try fields.bool(node, key: "daemon.auto_accept_non_conflicts")
        }
        if let node = map["skip_conflicts"] {
            daemon.skipConflicts = try fields.bool(node, key: "daemon.skip_conflicts")
        }
        if let node = map["notify_on_conflicts"] {
            daemon.notifyOnConflicts = try fields.bool(node, key: "daemon.notify_on_conflicts")
        }
        if let node = map["email"], !YAMLFields.isNothing(node) { daemon.email = try email(node, fields) }
        if let node = map["notification_method"] {
            daemon.notificationMethod = try fields.choice(node, key: "daemon.notification_method")
            if daemon.notificationMethod.sendsEmail, daemon.email == nil {
                throw fields.error(
                    at: node,
                    "notification_method \(daemon.notificationMethod.rawValue) needs an email: section"
                        + " with smtp_server and username; add one or use desktop"
                )
            }
        }
        return daemon
    }

    static func email(_ node: Node, _ fields: YAMLFields) throws(PolicyError) -> Config.Email {
        let map = try fields.mapping(
            node,
            "daemon.email must be a mapping like { smtp_server: smtp.example.com, username: me@example.com }"
        )
        try fields.checkKeys(map, allowed: emailKeys, in: "daemon.email")
        func required(_ key: String, example: String) throws(PolicyError) -> String {
            guard let value = map[key] else {
                throw fields.error(at: node, "daemon.email needs \(key), like \"\(example)\"")
            }
            let text = try fields.string(value, key: "daemon.email.\(key)")
            guard !text.trimmingSpaces().isEmpty else {
                throw fields.error(at: value, "daemon.email.\(key) is empty; write one, like \"\(example)\"")
            }
            return text
        }
        var email = Config.Email(
            smtpServer: try required("smtp_server", example: "smtp.example.com"),
            username: try required("username", example: "me@example.com")
        )
        if let node = map["port"] {
            email.port = try fields.integer(node, key: "daemon.email.port", example: "465", range: 1...65_535)
        }
        if let node = map["password"] {
            email.password = try fields.string(node, key: "daemon.email.password")
        }
        if let node = map["to"] { email.to = try fields.string(node, key: "daemon.email.to") }
        return email
    }

    static func sync(_ node: Node, _ fields: YAMLFields) throws(PolicyError) -> Config.Sync {
        let map = try fields.mapping(node, "sync must be a mapping like { command: [\"musicdiff-sync\"] }")
        try fields.checkKeys(map, allowed: syncKeys, in: "sync")
        var sync = Config.Sync()
        if let node = map["command"] {
            sync.command = try command(node, fields)
            sync.commandSite = fields.site(of: node.sequence?.first ?? node)
        }
        if let node = map["timeout"] {
            sync.timeout = try fields.duration(
                node,
                key: "sync.timeout",
                example: "1h",
                minimum: Config.minimumTimeout
            )
        }
        if let node = map["grace"] {
            sync.grace = try fields.duration(node, key: "sync.grace", example: "10s")
        }
        return sync
    }

    /// The argv: a non-empty list whose first word names the program. A plain string is
    /// refused with the list it would split into, since it is run without a shell.
    static func command(_ node: Node, _ fields: YAMLFields) throws(PolicyError) -> [String] {
        if case .scalar(let scalar) = node, !YAMLFields.isNull(scalar) {
            let words = scalar.string.split(whereSeparator: \.isWhitespace).map { Policy.quoted(String($0)) }
            throw fields.error(
                at: node,
                "sync.command must be a list of words, since it runs without a shell;"
                    + " write [\(words.joined(separator: ", "))]"
            )
        }
        let argv = try fields.strings(node, key: "sync.command", example: "[\"musicdiff-sync\", \"--auto\"]")
        guard !argv[0].trimmingSpaces().isEmpty else {
            throw fields.error(
                at: node.sequence?.first ?? node,
                "sync.command must start with the program to run, like \"musicdiff-sync\""
            )
        }
        return argv
    }
}
