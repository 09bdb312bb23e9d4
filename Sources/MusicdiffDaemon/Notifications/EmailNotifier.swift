import Foundation
import MusicdiffCore

/// Mails the conflict notification over SMTP, through libcurl, as `daemon.email` says.
///
/// Port 465 is SMTP over TLS (`smtps://`, the original design's `SMTP_SSL`). Any other port
/// is plain SMTP upgraded with `STARTTLS`: required when a password would be sent to another
/// machine, taken when offered otherwise (a relay on port 25, a test server on loopback). The
/// server's certificate is verified against the system's CAs. With a password set, the
/// notifier logs in as `username`; the mail goes from `username` to `to` (a comma-separated
/// list may name several).
package struct EmailNotifier: ConflictNotifier, CustomStringConvertible {
    /// Where and how to send.
    package var settings: Config.Email
    /// The longest wait for the server to accept the connection (and TLS to be set up).
    var connectTimeout: Duration
    /// The longest the whole submission may take.
    package var timeout: Duration

    /// Creates a notifier for `settings`.
    package init(
        settings: Config.Email,
        connectTimeout: Duration = .seconds(15),
        timeout: Duration = .seconds(60)
    ) {
        self.settings = settings
        self.connectTimeout = connectTimeout
        self.timeout = timeout
    }

    /// `e-mail to me@example.com via smtp.example.com:465`.
    package var description: String { "e-mail to \(recipients.joined(separator: ", ")) via \(server)" }

    /// Mails ``ConflictMessage``'s subject and body.
    package func notify(conflicts: [SyncRun.Conflict]) async throws(DaemonError) {
        let message = ConflictMessage(conflicts: conflicts)
        try await send(subject: message.subject, body: message.body)
    }

    /// Mails `body` under `subject`, returning once the server has accepted it; throws
    /// `cannot send the conflict e-mail via HOST:PORT: REASON` otherwise, `what` naming what
    /// was sent (`the overdue alert e-mail`).
    package func send(
        subject: String,
        body: String,
        what: String = "the conflict e-mail"
    ) async throws(DaemonError) {
        let message = EmailMessage(from: settings.username, to: recipients, subject: subject, body: body)
        let transfer = SMTPTransfer(
            url: url,
            security: security,
            username: settings.password.map { _ in settings.username },
            password: settings.password,
            from: message.from,
            recipients: message.to,
            message: Array(message.text.utf8),
            connectTimeout: connectTimeout,
            timeout: timeout
        )
        let stop = StopFlag()
        let result = await runBlocking(stop: stop) { transfer.perform(stop: stop) }
        guard case .failure(let failure) = result else { return }
        var reason = failure.reason
        if failure.loginDenied {
            reason += "; check daemon.email.username and daemon.email.password in config.yaml"
        }
        throw .notification("cannot send \(what) via \(server)", reason)
    }

    /// `host:port`, as the user wrote the host.
    var server: String { "\(settings.smtpServer):\(settings.port)" }

    /// The recipients: `to`, split at commas.
    var recipients: [String] {
        settings.to.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty
        }
    }

    /// `smtps://host:465` or `smtp://host:port`, an IPv6 address in brackets.
    var url: String {
        let host =
            settings.smtpServer.contains(":") && !settings.smtpServer.hasPrefix("[")
            ? "[\(settings.smtpServer)]" : settings.smtpServer
        return "\(settings.port == 465 ? "smtps" : "smtp")://\(host):\(settings.port)"
    }

    /// How the connection is protected: see the type's description.
    var security: SMTPTransfer.Security {
        if settings.port == 465 { return .implicitTLS }
        if settings.password != nil, !Self.isLoopback(settings.smtpServer) { return .requiredSTARTTLS }
        return .opportunisticSTARTTLS
    }

    /// Whether `host` names this machine: `localhost`, `127.x.x.x` or `::1`.
    static func isLoopback(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        let octets = bare.split(separator: ".", omittingEmptySubsequences: false).compactMap { UInt8($0) }
        let ipv4Loopback = octets.count == 4 && octets[0] == 127 && bare.split(separator: ".").count == 4
        return bare == "localhost" || bare.hasSuffix(".localhost") || bare == "::1" || ipv4Loopback
    }
}
