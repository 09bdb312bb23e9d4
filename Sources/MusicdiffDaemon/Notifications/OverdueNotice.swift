import Foundation
import MusicdiffCore

/// The overdue alert (`daemon.notify_overdue`) as the daemon sends it and `why-not` shows it:
/// ``OverdueAlert`` decides and words it; this reads what it needs from the store, keeps when
/// the last one went, and hands it to the channels `notification_method` names, through the
/// conflict notification's own senders (``DesktopNotifier``, ``EmailNotifier``).
package enum OverdueNotice {
    /// The key, among the daemon's values, of when the last alert went (seconds since 1970).
    static let lastAlertKey = "overdue_alert_at"
    /// The notification's title and the e-mail's subject.
    package static let subject = "MusicDiff: no sync for a while"

    /// The alert due at `now` under `daemon`'s `notify_overdue`, from the store's last success
    /// (or first run, when none succeeded), last alert and the moments since; nil when none is due (no threshold, a
    /// recent success, an alert sent less than a day ago, or a store that cannot be read).
    /// With `ignoringLastAlert` (why-not's line), an alert already sent today still shows.
    package static func due(
        _ daemon: Config.Daemon,
        store: StateStore,
        deadline: Date?,
        now: Date,
        ignoringLastAlert: Bool = false
    ) -> OverdueAlert? {
        guard let threshold = daemon.notifyOverdue, let lastSuccess = spellStart(store) else { return nil }
        let lastAlert = ignoringLastAlert ? nil : lastAlertTime(store)
        // The moments are read only once an alert is due.
        guard
            let at = OverdueAlert.nextAt(
                threshold: threshold,
                lastSuccess: lastSuccess,
                lastAlert: lastAlert
            ),
            now >= at
        else { return nil }
        return OverdueAlert.due(
            threshold: threshold,
            lastSuccess: lastSuccess,
            lastAlert: lastAlert,
            moments: (try? store.moments(from: lastSuccess, readings: false)) ?? [],
            deadline: deadline,
            now: now
        )
    }

    /// The alert `why-not` shows at `now` (an alert already sent today included), from
    /// `home`'s config and store (those given, else read); nil when none is due or either
    /// cannot be read.
    package static func shown(
        home: MusicdiffHome,
        store given: StateStore? = nil,
        config read: Config? = nil,
        deadline: Date?,
        now: Date
    ) -> (OverdueAlert, [String])? {
        guard let store = given ?? (try? StateStore.openForReading(path: home.stateFile)) ?? nil,
            let config = read ?? (try? ConfigLoader.load(home: home)),
            let alert = due(
                config.daemon,
                store: store,
                deadline: deadline,
                now: now,
                ignoringLastAlert: true
            )
        else { return nil }
        return (alert, lines(alert, now: now, timeZone: .current))
    }

    /// Since when no sync has succeeded: the last success's end, else (none ever did) the
    /// first run's start; nil when no run is recorded.
    static func spellStart(_ store: StateStore) -> Date? {
        ((try? store.lastSuccessfulSync()) ?? nil) ?? ((try? store.firstRunStart()) ?? nil)
    }

    /// When the last alert went, as the store keeps it; nil when none did.
    static func lastAlertTime(_ store: StateStore) -> Date? {
        ((try? store.value(lastAlertKey)) ?? nil).flatMap(Double.init).map(Date.init(timeIntervalSince1970:))
    }

    /// Keeps `now` as when the last alert went.
    static func keepSent(_ store: StateStore, at now: Date) throws(DaemonError) {
        try store.setValue(String(now.timeIntervalSince1970), for: lastAlertKey)
    }

    /// The alert's lines, its deadline worded `Thu 02:00` in `timeZone`.
    package static func lines(_ alert: OverdueAlert, now: Date, timeZone: TimeZone) -> [String] {
        alert.lines { WhyNotReport.day($0, LocalTimeFormat(timeZone: timeZone), now: now) }
    }

    /// Sends `lines` to every channel `daemon.notification_method` names, at once; one line per
    /// channel, in that order, says how it went (`Overdue alert sent by desktop
    /// notification`, or `Overdue alert failed: ...` with the error: `cannot send the overdue
    /// alert e-mail via HOST:PORT: REASON`).
    package static func send(
        _ lines: [String],
        settings daemon: Config.Daemon
    ) async -> [(ok: Bool, text: String)] {
        let body = lines.joined(separator: "\n")
        async let desktop = daemon.notificationMethod.showsDesktop ? showDesktop(body) : nil
        async let mail = daemon.notificationMethod.sendsEmail ? sendMail(body, daemon.email) : nil
        return [await desktop, await mail].compactMap { $0 }
    }

    /// The desktop notification, and how it went.
    static func showDesktop(_ body: String) async -> (ok: Bool, text: String) {
        let desktop = DesktopNotifier()
        do {
            try await desktop.show(summary: subject, body: body)
            return (true, "Overdue alert sent by \(desktop)")
        } catch {
            return (false, "Overdue alert failed: \(error)")
        }
    }

    /// The e-mail, and how it went.
    static func sendMail(_ body: String, _ settings: Config.Email?) async -> (ok: Bool, text: String) {
        guard let settings else {
            return (false, "Overdue alert failed: config.yaml has no daemon.email section")
        }
        let mail = EmailNotifier(settings: settings)
        do {
            try await mail.send(subject: subject, body: body, what: "the overdue alert e-mail")
            return (true, "Overdue alert sent by \(mail)")
        } catch {
            return (false, "Overdue alert failed: \(error)")
        }
    }
}
