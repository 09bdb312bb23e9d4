import Foundation
import MusicdiffCore

/// What the `daemon` command's flags ask for; each overrides `config.yaml`'s `daemon:` section.
package struct DaemonOptions: Sendable, Equatable, Codable {
    /// `--interval S`.
    package var interval: Duration?
    /// `--schedule CRON`.
    package var schedule: String?
    /// `--smart`.
    package var smart = false
    /// `--policy P` (implies smart mode).
    package var policy: String?

    /// Creates options.
    package init(
        interval: Duration? = nil,
        schedule: String? = nil,
        smart: Bool = false,
        policy: String? = nil
    ) {
        self.interval = interval
        self.schedule = schedule
        self.smart = smart
        self.policy = policy
    }
}

/// The daemon's settings: config and flags together, validated. Built at start and again on
/// SIGHUP; a reload that fails keeps the last good settings.
package struct DaemonSettings: Sendable {
    /// `config.yaml`.
    package var config: Config
    /// Due times: interval or cron, jitter, time zone.
    package var plan: SchedulePlan
    /// The cron text, in cron mode.
    package var cronText: String?
    /// The policy, in smart mode; nil otherwise.
    package var policy: PolicyResolver.Resolved?

    /// `interval`, `cron`, `smart interval` or `smart cron`.
    package var mode: String {
        let base = cronText == nil ? "interval" : "cron"
        return policy == nil ? base : "smart \(base)"
    }

    /// The schedule alone, in words (`every 6h`, `cron "0 2 * * *"`): a due time planned
    /// under another one is planned again.
    package var scheduleKey: String { plan.schedule.describe(cronText: cronText) }

    /// `every 24h`, `cron "0 2 * * *"`, plus the policy in smart mode.
    package var summary: String {
        var text = plan.schedule.words(cronText: cronText)
        if let policy { text += ", policy \(policy.policy.name) (\(policy.origin))" }
        return text
    }

    /// `config.yaml:4:11: warning: daemon.policy laptop is not used: ...` when the file names
    /// a policy and these settings are not smart (no `daemon.smart: true`, no `--smart`);
    /// nil otherwise. `config check` and `daemon start` say it.
    package var unusedPolicyWarning: String? {
        guard policy == nil, let site = config.daemon.policySite else { return nil }
        return site.error(
            "warning: daemon.policy \(config.daemon.policy) is not used: daemon.smart is false, so a due sync"
                + " starts without asking a policy (set daemon.smart: true, or start the daemon with --smart)"
        ).description
    }

    /// Reads `config.yaml` from `home` and applies `options`.
    package static func load(
        options: DaemonOptions,
        home: MusicdiffHome,
        timeZone: TimeZone = .current,
        requireCommand: Bool = true
    ) throws(DaemonError) -> DaemonSettings {
        let config = try ConfigLoader.load(home: home)
        guard config.daemon.enabled else { throw .disabled(config: home.config) }
        if requireCommand, config.sync.command == nil { throw .noSyncCommand(config: home.config) }
        if requireCommand, let program = config.sync.command?.first,
            let problem = SyncProgram.problem(
                program,
                searchPath: ProcessInfo.processInfo.environment["PATH"]
            )
        {
            let site = config.sync.commandSite ?? YAMLSite(file: home.config, line: 1, column: 1)
            throw .config(site.error(problem))
        }
        let cronText = options.schedule ?? (options.interval == nil ? config.daemon.schedule : nil)
        let schedule: Schedule
        if let cronText {
            do {
                schedule = .cron(try CronExpression(cronText))
            } catch {
                throw .schedule(text: cronText, problem: error.description)
            }
        } else {
            schedule = .interval(options.interval ?? config.daemon.interval)
        }
        let smart = options.smart || options.policy != nil || config.daemon.smart
        let policy =
            smart ? try PolicyResolver(home: home).resolve(options.policy ?? config.daemon.policy) : nil
        if case .interval(let every) = schedule, let policy { try checkEarly(policy, interval: every) }
        return DaemonSettings(
            config: config,
            plan: SchedulePlan(schedule: schedule, timeZone: timeZone, jitter: config.daemon.jitter),
            cronText: cronText,
            policy: policy
        )
    }

    /// Refuses an `early` window at least as long as the interval: it would open as soon as
    /// the last sync ended. The error names the policy file's `early:` value.
    static func checkEarly(_ resolved: PolicyResolver.Resolved, interval: Duration) throws(DaemonError) {
        guard let early = resolved.policy.early, early >= interval else { return }
        var site = YAMLSite(file: resolved.origin.description, line: 1, column: 1)
        if case .file(let path) = resolved.origin,
            let text = try? String(contentsOfFile: path, encoding: .utf8)
        {
            site = PolicyParser.site(ofKey: "early", in: text, file: path) ?? site
        }
        throw .config(
            site.error(
                "early: \(DurationText.hours(early)) is not shorter than the interval (\(DurationText.hours(interval)));"
                    + " the window would open as soon as a sync ended (try less than \(DurationText.hours(interval)))"
            )
        )
    }
}
