import Foundation

extension ServiceUnit {
    /// The first systemd whose manager takes `Type=notify-reload`.
    static let notifyReloadSince = 253

    /// Whether the unit says `Type=notify-reload` (systemd ≥ 253) rather than `Type=notify`
    /// with `musicdiff daemon reload` as its `ExecReload=`.
    var notifyReload: Bool { (systemdVersion ?? 0) >= Self.notifyReloadSince }

    /// The systemd user unit's text: `Type=notify` (or `notify-reload`), the watchdog, the
    /// hardening a user daemon's sync job lives with, each choice explained in the file itself.
    var systemdUnit: String {
        let command = [Self.execPath(executable)] + arguments.dropFirst().map(Self.execQuoted)
        var lines = [
            "# musicdiff's sync scheduler as a systemd user unit, "
                + (packaged ? "installed by its Debian package." : "written by `musicdiff service install`."),
            "[Unit]",
            "Description=MusicDiff Sync Daemon",
            "# No After=network-online.target: a user manager cannot see that system target, so the",
            "# ordering would be silently ignored. None is needed: the implicit After=basic.target of a",
            "# user unit suffices, the daemon starts without a network, its policy waits for one, and a",
            "# failed sync backs off.",
            "",
            "[Service]",
            "# notify: the daemon says READY=1 (with its first STATUS= line) once its lock, state store",
            "# and sensors are up, RELOADING=1 and READY=1 around a reload, STOPPING=1, and on one",
            "# STATUS= line what it waits for (`systemctl --user status musicdiff`). Only the daemon",
            "# itself may say so, not its sync job.",
        ]
        if notifyReload {
            lines += [
                "# notify-reload (systemd 253 and later): `systemctl --user reload` sends SIGHUP and",
                "# waits for the daemon's RELOADING=1 and READY=1.",
                "Type=notify-reload",
            ]
        } else {
            lines.append("Type=notify")
        }
        lines.append("NotifyAccess=main")
        if let homeOverride {
            lines.append("Environment=" + Self.quoted("MUSICDIFF_HOME=" + homeOverride, dollar: false))
        }
        lines += [
            "# --foreground: the daemon stays attached; it writes its rotating daemon.log and also",
            "# logs to the journal (journalctl --user-unit=musicdiff; -p warning for the warnings).",
            "ExecStart=" + command.joined(separator: " "),
        ]
        if !notifyReload {
            lines += [
                "# `daemon reload` sends SIGHUP and waits for the daemon's answer on daemon.sock, so",
                "# `systemctl --user reload` returns once config.yaml and the policy are reloaded, and",
                "# fails with the file:line:col error when the daemon refused them.",
                "ExecReload=" + Self.execPath(executable) + " daemon reload",
            ]
        }
        lines += [
            "# SIGTERM goes to the daemon only: it stops a running sync job itself, gracefully.",
            "KillMode=mixed",
            "Restart=on-failure",
            "RestartSec=60",
            "# The loop pings the watchdog from its own waits (every WatchdogSec/2), so a wedged loop",
            "# is restarted. Each ping is a wake-up the idle daemon would not otherwise make: 2min",
            "# costs one a minute. Set WatchdogSec=0 in a drop-in (systemctl --user edit musicdiff) for",
            "# none at all: without a watchdog the idle daemon sleeps until its next due time.",
            "WatchdogSec=2min",
            "# Hardening that a user daemon and its sync job can live with. NoNewPrivileges: no setuid",
            "# or file capabilities in the daemon or the job (a sync command that needs sudo cannot).",
            "# The rest is seccomp and needs no namespace: no realtime scheduling, no setuid/setgid",
            "# files made, no personality change, native system calls only.",
            "NoNewPrivileges=yes",
            "RestrictRealtime=yes",
            "RestrictSUIDSGID=yes",
            "LockPersonality=yes",
            "SystemCallArchitectures=native",
            "# Left out on purpose: PrivateTmp= and ProtectSystem=. In a user unit both need an",
            "# unprivileged user namespace (systemd then implies PrivateUsers=), which hardened kernels",
            "# and Ubuntu's AppArmor userns restriction refuse: the unit would fail with 226/NAMESPACE.",
            "# ProtectSystem= would add nothing (a user cannot write /usr or /etc anyway; strict would",
            "# make the music library read-only), and PrivateTmp= would hide the job's /tmp from the",
            "# programs it hands files to. Add them in a drop-in if your sync job works with them.",
            "",
            "[Install]",
            "WantedBy=default.target",
        ]
        return lines.joined(separator: "\n") + "\n"
    }
}
