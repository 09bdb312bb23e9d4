import Foundation
import Yams

/// Reads `config.yaml`, strictly, as ``PolicyParser`` reads policies: unknown keys, wrong
/// types and out-of-range values are ``PolicyError``s naming the line and column.
///
/// An empty file, and a section written as nothing (`daemon:` with every key commented
/// out), mean the defaults; so does `schedule:` with no value.
package enum ConfigParser {
    /// The keys of the top level.
    static let sections = ["daemon", "sync"]
    /// The keys of `daemon:`.
    static let daemonKeys = [
        "enabled", "interval", "schedule", "smart", "policy", "jitter", "auto_accept_non_conflicts",
        "skip_conflicts", "notify_on_conflicts", "notification_method", "email", "notify_overdue",
    ]
    /// The keys of `daemon.email:`.
    static let emailKeys = ["smtp_server", "port", "username", "password", "to"]
    /// The keys of `sync:`.
    static let syncKeys = ["command", "timeout", "grace", "nice", "io_class"]

    /// Parses `text`, read from `file`. Throws the file's first error by line.
    package static func parse(_ text: String, file: String) throws(PolicyError) -> Config {
        let (config, errors) = check(text, file: file)
        guard let config else { throw errors[0] }
        return config
    }

    /// Every error of `text` in line order, as ``PolicyParser/check(_:file:defaultName:)``
    /// lists a policy's: one for each key that is wrong (the first inside it), or the one
    /// syntax error that stops the reading; and the config when there is none.
    package static func check(_ text: String, file: String) -> (config: Config?, errors: [PolicyError]) {
        let fields = YAMLFields(file: file)
        var found = KeyErrors()
        var config = Config()
        do throws(PolicyError) {
            guard let root = try YAMLDocument.compose(text, file: file), !YAMLFields.isNothing(root) else {
                return (config, [])
            }
            let map = try fields.mapping(root, "the config must be a mapping with daemon: and sync: sections")
            found.errors += sectionErrors(map, fields)
            if let node = map["daemon"], !YAMLFields.isNothing(node) {
                config.daemon = daemon(node, fields, &found)
            }
            if let node = map["sync"], !YAMLFields.isNothing(node) {
                config.sync = sync(node, fields, &found)
            }
        } catch {
            return (nil, [error])
        }
        let errors = found.sorted
        return (errors.isEmpty ? config : nil, errors)
    }

    /// One error for each unknown top-level key, pointing a daemon or sync setting to its section.
    static func sectionErrors(_ map: Node.Mapping, _ fields: YAMLFields) -> [PolicyError] {
        var misplaced: [PolicyError] = []
        var rest: [(Node, Node)] = []
        for (key, value) in map {
            let name = key.scalar?.string ?? ""
            guard let section = daemonKeys.contains(name) ? "daemon" : syncKeys.contains(name) ? "sync" : nil
            else {
                rest.append((key, value))
                continue
            }
            misplaced.append(
                fields.error(
                    at: key,
                    "\"\(name)\" belongs in the \(section): section; indent it under \(section):"
                )
            )
        }
        return misplaced + fields.unknownKeys(Node.Mapping(rest), allowed: sections, in: "the config")
    }

    static func daemon(_ node: Node, _ fields: YAMLFields, _ found: inout KeyErrors) -> Config.Daemon {
        var daemon = Config.Daemon()
        let message = "daemon must be a mapping of settings, like \"interval: 6h\""
        guard let map = found.mapping(node, fields, message, allowed: daemonKeys, in: "daemon") else {
            return daemon
        }
        found.read(map["enabled"]) { node throws(PolicyError) in
            daemon.enabled = try fields.bool(node, key: "daemon.enabled")
        }
        found.read(map["interval"]) { node throws(PolicyError) in
            daemon.interval = try fields.duration(
                node,
                key: "daemon.interval",
                example: "6h",
                minimum: Config.minimumInterval
            )
        }
        found.read(map["schedule"]) { node throws(PolicyError) in
            guard !YAMLFields.isNothing(node) else { return }
            let text = try fields.string(node, key: "daemon.schedule")
            guard !text.trimmingSpaces().isEmpty else {
                throw fields.error(
                    at: node,
                    "daemon.schedule is empty; write a cron expression like \"0 2 * * *\""
                )
            }
            daemon.schedule = text
        }
        found.read(map["smart"]) { node throws(PolicyError) in
            daemon.smart = try fields.bool(node, key: "daemon.smart")
        }
        found.read(map["policy"]) { node throws(PolicyError) in
            daemon.policy = try fields.string(node, key: "daemon.policy")
            daemon.policySite = fields.site(of: node)
            guard !daemon.policy.trimmingSpaces().isEmpty else {
                throw fields.error(
                    at: node,
                    "daemon.policy is empty; name a policy, like \"laptop\", or a file"
                )
            }
        }
        found.read(map["jitter"]) { node throws(PolicyError) in
            daemon.jitter = try fields.duration(node, key: "daemon.jitter", example: "10m")
        }
        readFlags(map, fields, &found, into: &daemon)
        found.read(map["notify_overdue"]) { node throws(PolicyError) in
            daemon.notifyOverdue = try fields.duration(
                node,
                key: "daemon.notify_overdue",
                example: "3d",
                minimum: .seconds(3600)
            )
        }
        found.read(map["email"]) { node throws(PolicyError) in
            if !YAMLFields.isNothing(node) { daemon.email = try email(node, fields) }
        }
        found.read(map["notification_method"]) { node throws(PolicyError) in
            daemon.notificationMethod = try fields.choice(node, key: "daemon.notification_method")
            if daemon.notificationMethod.sendsEmail, daemon.email == nil, map["email"] == nil {
                throw fields.error(
                    at: node,
                    "notification_method \(daemon.notificationMethod.rawValue) needs an email: section"
                        + " with smtp_server and username; add one or use desktop"
                )
            }
        }
        return daemon
    }

    /// The auto-sync settings: `auto_accept_non_conflicts`, `skip_conflicts`, `notify_on_conflicts`.
    static func readFlags(
        _ map: Node.Mapping,
        _ fields: YAMLFields,
        _ found: inout KeyErrors,
        into daemon: inout Config.Daemon
    ) {
        found.read(map["auto_accept_non_conflicts"]) { node throws(PolicyError) in
            daemon.autoAcceptNonConflicts = try fields.bool(node, key: "daemon.auto_accept_non_conflicts")
        }
        found.read(map["skip_conflicts"]) { node throws(PolicyError) in
            daemon.skipConflicts = try fields.bool(node, key: "daemon.skip_conflicts")
        }
        found.read(map["notify_on_conflicts"]) { node throws(PolicyError) in
            daemon.notifyOnConflicts = try fields.bool(node, key: "daemon.notify_on_conflicts")
        }
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

    static func sync(_ node: Node, _ fields: YAMLFields, _ found: inout KeyErrors) -> Config.Sync {
        var sync = Config.Sync()
        let message = "sync must be a mapping like { command: [\"musicdiff-sync\"] }"
        guard let map = found.mapping(node, fields, message, allowed: syncKeys, in: "sync") else {
            return sync
        }
        found.read(map["command"]) { node throws(PolicyError) in
            sync.command = try command(node, fields)
            sync.commandSite = fields.site(of: node.sequence?.first ?? node)
        }
        found.read(map["timeout"]) { node throws(PolicyError) in
            sync.timeout = try fields.duration(
                node,
                key: "sync.timeout",
                example: "1h",
                minimum: Config.minimumTimeout
            )
        }
        found.read(map["grace"]) { node throws(PolicyError) in
            sync.grace = try fields.duration(node, key: "sync.grace", example: "10s")
        }
        found.read(map["nice"]) { node throws(PolicyError) in
            sync.nice = try fields.integer(node, key: "sync.nice", example: "10", range: Config.niceRange)
        }
        found.read(map["io_class"]) { node throws(PolicyError) in
            sync.ioClass = try fields.choice(node, key: "sync.io_class")
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
