"""How fast a running sync is stopped when its while_running conditions are lost, printed,
never asserted: for each of network (turns metered), battery (unplugged below the stop
threshold), idle (the user comes back; measured after active_for) and, when the build has
it, PrepareForSleep, the time from the change on the bus to SIGTERM reaching the job, over
RUNS runs (median, p90, max).

Usage: scripts/bench_stop.py BINARY [RUNS]   (scripts/bench runs it with the release build)
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import dbus

from simulated import METERED_GUESS_NO, METERED_YES, NM, NM_PATH, MOCK, SimulatedLaptop

ACTIVE_FOR = 1.0
POLICY = f"""name: bench
network: {{ require: unmetered }}
battery: {{ min_percent: 40 }}
idle: {{ min: 1m }}
poll: 1h
settle: 0s
while_running:
  network: {{ require: unmetered }}
  battery: {{ min_percent: 25 }}
  idle: {{ active_for: {int(ACTIVE_FOR)}s }}
  grace: 5s
"""
JOB = """#!/usr/bin/python3
import os, signal, sys, time
stamps = sys.argv[1]
def stop(*_):
    now = time.time_ns()
    with open(stamps + ".term.tmp", "w") as f: f.write(str(now))
    os.rename(stamps + ".term.tmp", stamps + ".term")
    os._exit(143)
signal.signal(signal.SIGTERM, stop)
with open(stamps + ".tmp", "w") as f: f.write(str(time.time_ns()))
os.rename(stamps + ".tmp", stamps + ".start")
while True: time.sleep(3600)
"""


LOG = None


def wait_for(what, condition, timeout=20.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return
        time.sleep(0.002)
    tail = open(LOG).read()[-2000:] if LOG and os.path.exists(LOG) else ""
    errors = os.path.join(os.path.dirname(os.path.dirname(LOG)), "daemon.err") if LOG else ""
    if errors and os.path.exists(errors):
        tail += open(errors).read()[-2000:]
    raise SystemExit(f"bench_stop: timed out waiting for {what}; daemon.log ends:\n{tail}")


def main():
    binary = os.path.abspath(sys.argv[1])
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    global LOG
    root = tempfile.mkdtemp(prefix="musicdiff-stop-")
    home = os.path.join(root, "home")
    LOG = os.path.join(home, "daemon.log")
    os.makedirs(os.path.join(home, "policies"))
    stamps = os.path.join(root, "job")
    with open(os.path.join(root, "job.py"), "w") as f:
        f.write(JOB)
    os.chmod(os.path.join(root, "job.py"), 0o755)
    with open(os.path.join(home, "config.yaml"), "w") as f:
        f.write(f'sync:\n  command: ["{root}/job.py", "{stamps}"]\n')
    with open(os.path.join(home, "policies", "bench.yaml"), "w") as f:
        f.write(POLICY)
    laptop = SimulatedLaptop(on_battery=False, percent=90.0)
    nm = laptop.bus.get_object(NM, NM_PATH)
    env = dict(os.environ, MUSICDIFF_HOME=home)
    daemon = None
    try:
        def metered(value):
            nm.SetProperty(NM_PATH, NM, "Metered", dbus.UInt32(value), dbus_interface=MOCK)

        def good():
            metered(METERED_GUESS_NO)
            laptop.set_battery(False, 90.0)
            laptop.set_idle(True, minutes_ago=30)

        good()
        daemon = subprocess.Popen([binary, "daemon", "--foreground", "--interval", "60", "--policy", os.path.join(home, "policies", "bench.yaml")],
                                  env=env, stdout=subprocess.DEVNULL, stderr=open(os.path.join(root, "daemon.err"), "w"))
        kinds = [
            ("network", lambda: metered(METERED_YES), 0.0),
            ("battery", lambda: laptop.set_battery(True, 20.0), 0.0),
            ("idle", lambda: laptop.set_idle(False, minutes_ago=0), ACTIVE_FOR),
        ]
        kinds.append(("sleep", lambda: laptop.prepare_for_sleep(True), 0.0))

        def held():
            return any(who == "musicdiff" and mode == "delay" for _, who, _, mode in laptop.inhibitors())

        releases = []
        print(f"time from the bus change to SIGTERM in the job, {runs} runs each:")
        for name, lose, offset in kinds:
            figures = []
            for _ in range(runs):
                wait_for("the job to start", lambda: os.path.exists(stamps + ".start"))
                os.remove(stamps + ".start")
                before = time.time_ns()
                lose()
                wait_for("SIGTERM in the job", lambda: os.path.exists(stamps + ".term"))
                with open(stamps + ".term") as f:
                    figures.append((int(f.read()) - before) / 1e6 - offset * 1000)
                os.remove(stamps + ".term")
                if name == "sleep":
                    wait_for("the delay lock to be released", lambda: not held())
                    releases.append((time.time_ns() - before) / 1e6)
                    laptop.prepare_for_sleep(False)
                good()
            ordered = sorted(figures)
            note = f" (after active_for {ACTIVE_FOR:g}s)" if offset else ""
            if name == "sleep":
                print(f"  PrepareForSleep(true) to the delay lock released (job exits on SIGTERM at once): "
                      f"median {statistics.median(releases):.1f} ms, max {max(releases):.1f} ms")
            print(f"  {name:8} median {statistics.median(figures):7.1f} ms  p90 {ordered[int(0.9 * len(ordered)) - 1]:7.1f} ms"
                  f"  max {ordered[-1]:7.1f} ms{note}")
    finally:
        if daemon:
            daemon.terminate()
            daemon.wait()
        laptop.close()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
