"""The demo behind scripts/demo: drives simulated services and prints what musicdiff does.

Run by scripts/demo with the musicdiff binary as its argument. Everything it starts (a
private system bus, three python-dbusmock services, the daemon) is stopped at the end, and
its MUSICDIFF_HOME is a temporary folder.
"""
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

from simulated import METERED_GUESS_NO, SimulatedLaptop


# Bold headings only on a terminal, and never with NO_COLOR set (https://no-color.org).
BOLD, PLAIN = ("\033[1m", "\033[0m") if sys.stdout.isatty() and not os.environ.get("NO_COLOR") else ("", "")


def say(text):
    print(f"\n{BOLD}== {text}{PLAIN}", flush=True)


class Demo:
    def __init__(self, binary):
        self.binary = binary
        self.root = tempfile.mkdtemp(prefix="musicdiff-demo-")
        self.home = os.path.join(self.root, "home")
        self.log_seen = 0
        self.laptop = None
        os.makedirs(os.path.join(self.home, "policies"))
        self.write_machine()
        self.write_config()

    def write_machine(self):
        """A quiet machine: low load; input activity comes from logind, not /proc."""
        proc = os.path.join(self.root, "proc")
        os.makedirs(proc)
        with open(os.path.join(proc, "loadavg"), "w") as f:
            f.write("0.20 0.30 0.25 1/200 4242\n")
        os.environ["MUSICDIFF_PROC"] = proc
        os.environ["MUSICDIFF_DEV"] = os.path.join(self.root, "dev")
        os.environ["MUSICDIFF_HOME"] = self.home

    def write_config(self):
        job = os.path.join(self.root, "demo-sync")
        with open(job, "w") as f:
            f.write("#!/bin/sh\n"
                    "echo \"demo sync: pretending to sync the library (trigger $MUSICDIFF_SYNC_TRIGGER,"
                    " MUSICDIFF_SYNC_MODE=$MUSICDIFF_SYNC_MODE,"
                    " MUSICDIFF_AUTO_ACCEPT_NON_CONFLICTS=$MUSICDIFF_AUTO_ACCEPT_NON_CONFLICTS,"
                    " MUSICDIFF_SKIP_CONFLICTS=$MUSICDIFF_SKIP_CONFLICTS)\" >&2\n"
                    "echo '{\"changes_applied\": 42, \"failed_changes\": 0, "
                    "\"conflicts\": [{\"entity_type\": \"playlist\", \"entity_id\": \"Road trip\"}]}'\n")
        os.chmod(job, 0o755)
        with open(os.path.join(self.home, "config.yaml"), "w") as f:
            f.write(f"sync:\n  command: [\"{job}\"]\n  timeout: 5m\n")

    # --- musicdiff ------------------------------------------------------------------------

    def musicdiff(self, *arguments, show=True):
        result = subprocess.run([self.binary, *arguments], capture_output=True, text=True)
        if show:
            print(f"$ musicdiff {' '.join(arguments)}")
            print(result.stdout + result.stderr, end="", flush=True)
        return result

    def ticks(self):
        try:
            with sqlite3.connect(f"file:{self.home}/state.sqlite?mode=ro", uri=True) as db:
                return db.execute("SELECT COUNT(*) FROM tick").fetchone()[0]
        except sqlite3.Error:
            return 0

    def wait(self, what, condition, timeout=15):
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise SystemExit(f"scripts/demo: timed out waiting for {what}")
            time.sleep(0.05)

    def new_log(self):
        try:
            with open(os.path.join(self.home, "daemon.log")) as f:
                lines = f.read().splitlines()
        except FileNotFoundError:
            lines = []
        fresh, self.log_seen = lines[self.log_seen:], len(lines)
        print("daemon.log:")
        for line in fresh:
            print("  " + line)
        sys.stdout.flush()

    def step(self, title, change, expect_sync=False):
        say(title)
        before = self.ticks()
        change()
        if expect_sync:
            self.wait("the sync", lambda: "Sync completed" in open(os.path.join(self.home, "daemon.log")).read())
            self.wait("the next due time", lambda: "Next sync in" in open(os.path.join(self.home, "daemon.log")).read())
        else:
            self.wait("the daemon to re-decide", lambda: self.ticks() > before)
        self.new_log()
        self.musicdiff("why-not", "--history", "3")

    def run(self):
        say("Starting simulated NetworkManager, UPower and logind on a private system bus")
        self.laptop = laptop = SimulatedLaptop(on_battery=True, percent=23.0)
        print(f"MUSICDIFF_HOME={self.home}")
        say("A laptop on battery (23%), on a metered phone hotspot, its user typing")
        self.musicdiff("daemon", "--smart", "--policy", "laptop")
        self.wait("the first decision", lambda: self.ticks() > 0)
        self.new_log()
        self.musicdiff("why-not", "--history", "3")
        self.step("Plugged in: UPower reports AC", lambda: laptop.set_battery(on_battery=False, percent=24.0))
        self.step("Home: the laptop joins the home Wi-Fi, which is not metered",
                  lambda: laptop.join_wifi("HomeNet", "home", METERED_GUESS_NO))
        self.step("The user walks away: logind says idle since 20 minutes ago",
                  lambda: laptop.set_idle(True, minutes_ago=20), expect_sync=True)
        say("The daemon's view now")
        self.musicdiff("daemon", "status")
        say("Stopping")
        self.musicdiff("daemon", "stop")

    def close(self):
        subprocess.run([self.binary, "daemon", "stop"], capture_output=True)
        if self.laptop:
            self.laptop.close()
        shutil.rmtree(self.root, ignore_errors=True)


def main():
    demo = Demo(sys.argv[1])
    try:
        demo.run()
    finally:
        demo.close()
    print("\nOn a real laptop, drop the simulation: `musicdiff daemon --smart --policy laptop` "
          "reads the real NetworkManager, UPower and logind.")


if __name__ == "__main__":
    main()
