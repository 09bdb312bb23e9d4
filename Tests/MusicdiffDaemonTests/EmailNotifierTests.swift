import Foundation
import MusicdiffCore
import Testing

@testable import MusicdiffDaemon

/// How `daemon.email` becomes an SMTP URL, a TLS rule and recipients; what fails and how it says so.
@Suite struct EmailNotifierTests {
    static func notifier(
        _ host: String,
        port: Int = 465,
        password: String? = nil,
        to: String? = nil
    ) -> EmailNotifier {
        EmailNotifier(
            settings: Config.Email(
                smtpServer: host,
                port: port,
                username: "me@example.com",
                password: password,
                to: to
            )
        )
    }

    @Test func port465IsImplicitTLS() {
        let notifier = Self.notifier("smtp.example.com", password: "secret")
        #expect(notifier.url == "smtps://smtp.example.com:465")
        #expect(notifier.security == .implicitTLS)
        #expect(notifier.description == "e-mail to me@example.com via smtp.example.com:465")
    }

    @Test func otherPortsUseSTARTTLSRequiredBeforeAPasswordLeavesTheMachine() {
        #expect(
            Self.notifier("smtp.example.com", port: 587, password: "s").url == "smtp://smtp.example.com:587"
        )
        #expect(Self.notifier("smtp.example.com", port: 587, password: "s").security == .requiredSTARTTLS)
        #expect(Self.notifier("127.0.0.1", port: 1025, password: "s").security == .opportunisticSTARTTLS)
        #expect(Self.notifier("127.evil.example", port: 25, password: "s").security == .requiredSTARTTLS)
        #expect(Self.notifier("relay.lan", port: 25).security == .opportunisticSTARTTLS)
        #expect(Self.notifier("::1", port: 25).url == "smtp://[::1]:25")
    }

    @Test func toMayListSeveralRecipients() {
        #expect(Self.notifier("h", to: "a@x, b@y,").recipients == ["a@x", "b@y"])
        #expect(Self.notifier("h").recipients == ["me@example.com"])
    }

    @Test func anEmailMethodWithoutAnEmailSectionFailsSayingWhy() async throws {
        var daemon = Config.Daemon()
        daemon.notificationMethod = .both
        let notifiers = ConflictNotifiers.make(for: daemon)
        #expect(notifiers.map { String(describing: $0) } == ["desktop notification", "e-mail"])
        let error = await #expect(throws: DaemonError.self) { try await notifiers[1].notify(conflicts: []) }
        #expect(error?.description.contains("config.yaml has no daemon.email section") == true)
    }
}
