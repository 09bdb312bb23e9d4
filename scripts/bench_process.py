"""Whole-process figures of the built musicdiff binary, printed, never asserted, side by
side with the original's Python loop (scripts/original_loop.py) and the shell gate a user
would write (scripts/shell_gate.sh):

1. `musicdiff why-not --json` wall time (no D-Bus; against the simulated services with no
   daemon; while a smart daemon runs), each against the shell gate's on the same services,
   the two run in turns;
2. the idle daemon's context switches over 60 s with nothing due (interval, smart, and the
   original's loop), and with a due sync blocked (poll 20 s);
3. resident memory (VmRSS, its anonymous part, and the largest mappings), idle and blocked,
   and after a soak of 10 000 decisions that each record a tick;
4. the time from a blocking condition clearing on the bus to the sync job starting.

Run by scripts/bench with the release binary as its argument (`--quick` shortens 2).
"""
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

from simulated import SimulatedLaptop


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


class Home:
    """A throwaway MUSICDIFF_HOME with a sync job that stamps when it starts."""

    def __init__(self, binary):
        self.binary = binary
        self.root = tempfile.mkdtemp(prefix="musicdiff-bench-")
        self.path = os.path.join(self.root, "home")
        os.makedirs(os.path.join(self.path, "policies"))
        self.stamp = os.path.join(self.root, "started")
        job = os.path.join(self.root, "job")
        with open(job, "w") as f:
            f.write(f"#!/bin/sh\ndate +%s%N > {self.stamp}\necho '{{\"changes_applied\": 1}}'\n")
        os.chmod(job, 0o755)
        with open(os.path.join(self.path, "config.yaml"), "w") as f:
            f.write(f"sync:\n  command: [\"{job}\"]\n")
        with open(os.path.join(self.path, "policies", "plugged.yaml"), "w") as f:
            f.write("battery: { on_battery: deny }\npoll: 20s\n")
        # Every sensor the rules can read: the power profile, the free space, other programs'
        # idle locks, GameMode, the camera and the microphone (scanned on each tick while due).
        with open(os.path.join(self.path, "policies", "every-sensor.yaml"), "w") as f:
            f.write("battery: { on_battery: deny }\npower_profile: { deny: [power-saver] }\n"
                    "storage: { path: /, min_free: 1B }\nbusy: [idle-inhibitor, gamemode, camera, microphone]\n"
                    "poll: 20s\n")
        with open(os.path.join(self.path, "policies", "plugged-unmetered.yaml"), "w") as f:
            f.write("battery: { on_battery: deny }\nnetwork: { require: unmetered }\npoll: 1h\n")
        self.env = dict(os.environ, MUSICDIFF_HOME=self.path)

    def musicdiff(self, *arguments):
        return subprocess.run([self.binary, *arguments], env=self.env, capture_output=True, text=True, check=False)

    def pid(self):
        with open(os.path.join(self.path, "daemon.pid")) as f:
            return int(f.read().split()[0])

    def ticks(self):
        try:
            with sqlite3.connect(f"file:{self.path}/state.sqlite?mode=ro", uri=True) as db:
                return db.execute("SELECT COUNT(*) FROM tick").fetchone()[0]
        except sqlite3.Error:
            return 0

    def log(self):
        try:
            with open(os.path.join(self.path, "daemon.log")) as f:
                return f.read()
        except FileNotFoundError:
            return ""

    def reset(self):
        for name in os.listdir(self.path):
            if name.startswith("state.sqlite") or name == "daemon.log":
                os.remove(os.path.join(self.path, name))
        if os.path.exists(self.stamp):
            os.remove(self.stamp)

    def close(self):
        self.musicdiff("daemon", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


def wait(what, condition, timeout=20):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"bench: timed out waiting for {what}")
        time.sleep(0.01)


def context_switches(pid, seconds):
    """Context switches of every thread of `pid` (threads that come and go included) over
    `seconds`, counted by `perf stat`."""
    result = subprocess.run(["perf", "stat", "-x,", "-e", "context-switches", "-p", str(pid), "--",
                             "sleep", str(seconds)], capture_output=True, text=True, check=True)
    for line in result.stderr.splitlines():
        fields = line.split(",")
        if len(fields) > 2 and fields[2] == "context-switches":
            # perf counts nothing for a task that never ran in the window: no switch at all.
            return 0 if fields[0] == "<not counted>" else int(fields[0])
    raise SystemExit(f"bench: perf stat printed no count: {result.stderr}")


def memory(pid):
    return (f"VmRSS {status_field(pid, 'VmRSS')} (of which anonymous {status_field(pid, 'RssAnon')}), "
            f"{status_field(pid, 'Threads')} threads")


def breakdown(pid, top=8):
    """`smaps_rollup`'s totals and the mappings with the most resident memory."""
    rollup = {}
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 3 and parts[-1] == "kB":
                rollup[parts[0].rstrip(":")] = int(parts[1])
    mappings = {}
    name = None
    with open(f"/proc/{pid}/smaps") as f:
        for line in f:
            parts = line.split()
            if "-" in parts[0] and len(parts) >= 5 and not parts[0].endswith(":"):
                name = os.path.basename(parts[5]) if len(parts) > 5 else "[anonymous]"
            elif parts[0] == "Rss:":
                mappings[name] = mappings.get(name, 0) + int(parts[1])
    largest = sorted(mappings.items(), key=lambda item: -item[1])[:top]
    return (f"    smaps_rollup: Rss {rollup.get('Rss', 0)} kB, Anonymous {rollup.get('Anonymous', 0)} kB, "
            f"file-backed {rollup.get('Rss', 0) - rollup.get('Anonymous', 0)} kB\n"
            f"    largest: " + ", ".join(f"{name} {kb} kB" for name, kb in largest))


def status_field(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return line.split(":", 1)[1].strip()
    return "?"


def why_not_timing(home, label, runs=40):
    times = []
    for _ in range(runs):
        times.append(why_not_once(home))
    print(f"why-not --json, {label}: median {statistics.median(times):.1f} ms, "
          f"p90 {percentile(times, 0.9):.1f} ms over {runs} runs")


def why_not_once(home):
    start = time.perf_counter()
    result = home.musicdiff("why-not", "--json", "--policy", "laptop")
    elapsed = (time.perf_counter() - start) * 1000
    assert result.returncode == 0, result.stderr
    return elapsed


def shell_gate_once():
    gate = os.path.join(os.path.dirname(os.path.abspath(__file__)), "shell_gate.sh")
    start = time.perf_counter()
    subprocess.run([gate], capture_output=True, check=True)
    return (time.perf_counter() - start) * 1000


def why_not_against_gate(home, label, runs=40):
    """why-not and the shell gate in turns, so that the machine's drift weighs on both alike."""
    mine, gate = [], []
    for _ in range(runs):
        mine.append(why_not_once(home))
        gate.append(shell_gate_once())
    print(f"why-not --json, {label}: median {statistics.median(mine):.1f} ms, p90 {percentile(mine, 0.9):.1f} ms; "
          f"shell gate (4 gdbus Get calls and /proc/loadavg), same services, in turns: median "
          f"{statistics.median(gate):.1f} ms, p90 {percentile(gate, 0.9):.1f} ms; over {runs} runs each")


def why_not_figures(home, runs=40):
    """why-not with no daemon (its own D-Bus clients), while a smart daemon runs (its
    readings, asked on the daemon's socket) and once it stopped (its state store read too),
    each in turns with the shell gate."""
    home.reset()
    why_not_against_gate(home, "no daemon (reads NetworkManager, UPower, logind itself)", runs)
    home.musicdiff("daemon", "--interval", "86400", "--smart", "--policy", "plugged")
    wait("the first sync", lambda: "Next sync in" in home.log())
    reply = home.musicdiff("why-not", "--json", "--policy", "laptop").stdout
    assert '"readings":{"from":"daemon"' in reply, reply
    why_not_against_gate(home, "smart daemon running (its readings, over its socket)", runs)
    home.musicdiff("daemon", "stop")
    why_not_against_gate(home, "daemon stopped, its state and history kept (reads the services itself)", runs)


def original_loop_figures(home, seconds):
    loop = os.path.join(os.path.dirname(os.path.abspath(__file__)), "original_loop.py")
    job = os.path.join(home.root, "job")
    with open(os.path.join(home.root, "original.log"), "w") as log:
        process = subprocess.Popen([sys.executable, loop, "86400", job], stdout=log, stderr=log)
    try:
        wait("the original's first sync", lambda: "Next sync in" in open(os.path.join(home.root, "original.log")).read())
        time.sleep(1)
        print(f"the original's Python loop, idle: {context_switches(process.pid, seconds)} context switches "
              f"in {seconds} s; {memory(process.pid)}")
    finally:
        process.terminate()
        process.wait()


def idle_figures(home, seconds):
    home.reset()
    home.musicdiff("daemon", "--interval", "86400")
    wait("the first sync", lambda: "Next sync in" in home.log())
    time.sleep(1)
    pid = home.pid()
    print(f"idle daemon, interval mode, nothing due: {context_switches(pid, seconds)} context switches "
          f"in {seconds} s; {memory(pid)}")
    print(breakdown(pid))
    home.musicdiff("daemon", "stop")

    for policy, sensors in [("plugged", "sensors up"), ("every-sensor", "every sensor up")]:
        home.reset()
        home.musicdiff("daemon", "--interval", "86400", "--smart", "--policy", policy)
        wait("the first sync", lambda: "Next sync in" in home.log())
        time.sleep(1)
        pid = home.pid()
        print(f"idle daemon, smart mode ({sensors}), nothing due: {context_switches(pid, seconds)} context "
              f"switches in {seconds} s; {memory(pid)}")
        print(breakdown(pid))
        home.musicdiff("daemon", "stop")


def blocked_figures(home, laptop, seconds, policy="plugged"):
    laptop.set_battery(True, 23.0)
    home.reset()
    home.musicdiff("daemon", "--policy", policy)
    wait("a blocked tick", lambda: home.ticks() > 0)
    time.sleep(7)  # a steady minute: start-up's last dispatch worker exits 5 s after its work
    pid = home.pid()
    ticks = home.ticks()
    switches = context_switches(pid, seconds)
    ticked = home.ticks() - ticks
    print(f"daemon with a due sync blocked by {policy} (poll 20 s): {switches} context switches and "
          f"{ticked} poll ticks in {seconds} s ({switches / max(ticked, 1):.1f} per tick); {memory(pid)}")
    print(breakdown(pid))
    home.musicdiff("daemon", "stop")


def wait_until_asleep(pid, timeout=5):
    """Until every thread of `pid` sleeps, seen twice in a row: the daemon is back in its wait."""
    deadline = time.monotonic() + timeout
    seen = 0
    while seen < 2:
        if time.monotonic() > deadline:
            raise SystemExit(f"bench: pid {pid} did not go back to sleep")
        states = []
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/stat") as f:
                states.append(f.read().rsplit(")", 1)[1].split()[0])
        seen = seen + 1 if all(state == "S" for state in states) else 0
        time.sleep(0.001)


def soak_figures(home, laptop, decisions=10_000):
    """Each event alternates the decision between blocked by battery and blocked by battery
    and network, so each one is a decision that records a tick: the path of a blocked poll
    tick, plus the sensor's."""
    laptop.set_battery(True, 23.0)
    laptop.set_metered(False)
    home.reset()
    home.musicdiff("daemon", "--policy", "plugged-unmetered")
    wait("a blocked tick", lambda: home.ticks() > 0)
    pid = home.pid()

    db = None

    def count_ticks():
        return db.execute("SELECT COUNT(*) FROM tick").fetchone()[0]

    def toggle(count):
        # One event at a time, each awaited as its tick: two events in a row could be decided
        # as one, and the second would record nothing (the decision did not change).
        metered = True
        for _ in range(count):
            target = count_ticks() + 1
            laptop.set_metered(metered)
            metered = not metered
            deadline = time.monotonic() + 10
            while count_ticks() < target:
                if time.monotonic() > deadline:
                    raise SystemExit("bench: timed out waiting for a tick of the soak")
                time.sleep(0.0005)

    db = sqlite3.connect(f"file:{home.path}/state.sqlite?mode=ro", uri=True)
    toggle(500)
    # Read once the daemon waits again: its tick row lands before the tick's trim, and a
    # figure read in between counts the pages the trim is about to drop.
    wait_until_asleep(pid)
    before = (status_field(pid, "VmRSS"), status_field(pid, "RssAnon"))
    start = time.perf_counter()
    toggle(decisions)
    elapsed = time.perf_counter() - start
    wait_until_asleep(pid)
    after = (status_field(pid, "VmRSS"), status_field(pid, "RssAnon"))
    # Each wait after an event drops the libraries' pages; the program's go 10 minutes after
    # the last whole trim (ResidentMemory.blockedInterval).
    time.sleep(12)
    rest = (status_field(pid, "VmRSS"), status_field(pid, "RssAnon"))
    print(f"soak: {decisions} recorded decisions in {elapsed:.0f} s (after 500 to warm up): "
          f"VmRSS {before[0]} -> {after[0]}, anonymous {before[1]} -> {after[1]}; "
          f"at rest 12 s later: VmRSS {rest[0]}, anonymous {rest[1]}")
    db.close()
    home.musicdiff("daemon", "stop")


def release_latency(home, laptop, runs=20):
    latencies = []
    for _ in range(runs):
        laptop.set_on_battery(True)
        home.reset()
        home.musicdiff("daemon", "--policy", "plugged")
        wait("a blocked tick", lambda: home.ticks() > 0)
        cleared = time.time_ns()
        laptop.set_on_battery(False)
        wait("the sync job", lambda: os.path.exists(home.stamp) and os.path.getsize(home.stamp) > 0)
        with open(home.stamp) as f:
            latencies.append((int(f.read()) - cleared) / 1e6)
        home.musicdiff("daemon", "stop")
    print(f"condition cleared on the bus -> sync job started: median {statistics.median(latencies):.1f} ms, "
          f"p90 {percentile(latencies, 0.9):.1f} ms over {runs} runs")


def main():
    binary = os.path.abspath(sys.argv[1])
    seconds = 10 if "--quick" in sys.argv else 60
    home = Home(binary)
    laptop = None
    try:
        no_bus = Home(binary)
        no_bus.env["DBUS_SYSTEM_BUS_ADDRESS"] = "unix:path=/nonexistent"
        why_not_timing(no_bus, "no D-Bus")
        no_bus.close()
        laptop = SimulatedLaptop(on_battery=False, percent=80.0)
        home.env["DBUS_SYSTEM_BUS_ADDRESS"] = os.environ["DBUS_SYSTEM_BUS_ADDRESS"]
        why_not_figures(home)
        original_loop_figures(home, seconds)
        idle_figures(home, seconds)
        blocked_figures(home, laptop, seconds)
        blocked_figures(home, laptop, seconds, "every-sensor")
        soak_figures(home, laptop, 1000 if "--quick" in sys.argv else 10_000)
        release_latency(home, laptop)
    finally:
        home.close()
        if laptop:
            laptop.close()


if __name__ == "__main__":
    main()
