"""Records a week of a simulated laptop's life with the real daemon, in accelerated fake time.

    /usr/bin/python3 scripts/record_week.py MUSICDIFF_BINARY OUT.sqlite [--seed N] [--speed X]
        [--start "YYYY-MM-DD HH:MM:SS"] [--hours H]

The laptop is scripts/simulated.py's (python-dbusmock's UPower, NetworkManager and logind on a
private system bus); `musicdiff daemon --foreground --smart --policy laptop` (interval 6h) runs
under libfaketime (LD_PRELOAD, FAKETIME="@START xSPEED"), so its wall clock, its timerfd sleeps
(CLOCK_REALTIME and CLOCK_MONOTONIC) and its polls run SPEED times faster. The D-Bus services
and this driver run in real time; the driver keeps the same fake clock (fake = START + SPEED x
real seconds since the daemon's start) and gives logind's idle-since hints in it.

The person's week is drawn from random.Random(seed): weekday mornings at home, a commute on the
phone's metered hotspot (the laptop open on battery, or asleep in the bag), office hours on
the office Wi-Fi (mostly on battery, plugged in when low or at times), meetings, lunch and
coffee away from the keyboard, builds that load the machine, an evening at home on AC and the
home Wi-Fi with dinner and other breaks, and a night asleep (PrepareForSleep, the daemon
SIGSTOPped as a suspended machine's processes are) or, some nights, left on and idle. One
weekday may be worked from home. The weekend starts late, has outings with the lid closed and
an afternoon on a café's Wi-Fi on battery, and ends later.

As in scripts/demo, the load is a fake /proc/loadavg (MUSICDIFF_PROC; set per stretch of the
week) and MUSICDIFF_DEV has no devices, so the camera and microphone read as unknown (the
laptop policy's on_unknown: pass). Needs libfaketime (Debian: apt-get install faketime).

At the end the daemon is stopped and its store (state.sqlite) copied to OUT; beside it, each
change as the driver applied it (OUT.plan.txt), the daemon's output (OUT.log) and its
daemon.log (OUT.daemon.log). --plan-only prints the week's stretches and starts nothing.
"""
import argparse
import datetime as dt
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dbus  # noqa: E402
from dbusmock import MOCK_IFACE  # noqa: E402
from simulated import METERED_GUESS_NO, METERED_YES, SimulatedLaptop  # noqa: E402

LIBFAKETIME = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"
UTC = dt.timezone.utc
MIN = 60
HOUR = 3600
# Where the laptop is: its network (ssid, metered) and whether it is plugged in there by default.
PLACES = {
    "home": ("HomeNet", METERED_GUESS_NO),
    "office": ("Office", METERED_GUESS_NO),
    "commute": ("Pixel hotspot", METERED_YES),
    "cafe": ("Cafe Lumen", METERED_GUESS_NO),
}
IDLE_DELAY = 5 * MIN  # the desktop marks the session idle after five minutes without input


class Segment:
    """A stretch of the week: where the laptop is, its power, what its user does, the load."""

    def __init__(self, start, end, place, ac, presence, load=0.2):
        self.start, self.end, self.place, self.ac, self.presence, self.load = start, end, place, ac, presence, load

    def __repr__(self):
        return (f"{fmt(self.start)}-{fmt(self.end)[11:]} {self.place:7} {'AC' if self.ac else 'battery':7}"
                f" {self.presence:6} load {self.load:.2f}")


def fmt(t):
    return dt.datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%d %H:%M")


class Planner:
    """Draws the week's segments from a seeded generator."""

    def __init__(self, rng, start, end):
        self.rng, self.start, self.end = rng, start, end
        self.segments = []
        self.t = start

    def add(self, minutes, place, ac, presence, load=0.2):
        end = self.t + int(minutes * MIN)
        if self.segments and end <= self.t:
            return
        self.segments.append(Segment(self.t, end, place, ac, presence, load))
        self.t = end

    def until(self, t, place, ac, presence, load=0.2):
        if t > self.t:
            self.add((t - self.t) / MIN, place, ac, presence, load)

    def at(self, day, hours):
        """The fake time `hours` (a float) into `day`."""
        return day + int(hours * HOUR)

    def work_spell(self, end, place, ac, lunch=None):
        """Alternating keyboard work and breaks until `end`; a lunch break near `lunch`."""
        r = self.rng
        while self.t < end:
            load = r.choice([0.2, 0.2, 0.2, 0.5, 2.4]) if place == "office" else r.choice([0.2, 0.2, 0.4])
            self.add(min(r.uniform(25, 110), (end - self.t) / MIN), place, ac, "active", load)
            if self.t >= end:
                break
            if lunch and self.t >= lunch:
                self.add(min(r.uniform(40, 75), (end - self.t) / MIN), place, ac, "away")
                lunch = None
            else:
                kind = r.random()
                minutes = r.uniform(3, 12) if kind < 0.4 else r.uniform(20, 65) if kind < 0.85 else r.uniform(80, 120)
                self.add(min(minutes, (end - self.t) / MIN), place, ac, "away")

    def evening(self, bedtime, plugged):
        r = self.rng
        dinner = self.t + int(r.uniform(0.5, 1.8) * HOUR)
        while self.t < bedtime:
            self.add(min(r.uniform(15, 80), (bedtime - self.t) / MIN), "home", plugged, "active", r.choice([0.2, 0.3, 1.2]))
            if self.t >= bedtime:
                break
            if dinner and self.t >= dinner:
                minutes = r.uniform(45, 80)
                dinner = None
            else:
                minutes = r.choice([r.uniform(3, 10), r.uniform(12, 45), r.uniform(50, 110)])
            self.add(min(minutes, (bedtime - self.t) / MIN), "home", plugged, "away")

    def night(self, day_after, weekend_after):
        """Bed: the laptop sleeps (mostly) or is left on and idle until the morning."""
        r = self.rng
        wake = self.at(day_after, r.uniform(8.5, 10.8) if weekend_after else r.gauss(6.9, 0.35))
        on_ac = r.random() < 0.7
        self.until(wake, "home", on_ac, "asleep" if r.random() < 0.75 else "away")
        return on_ac

    def weekday(self, day, wfh, ac_at_night):
        r = self.rng
        # Breakfast: a look at the laptop, still plugged in as at night (or not).
        self.add(r.uniform(15, 45), "home", ac_at_night, "active")
        self.add(r.uniform(5, 25), "home", ac_at_night, "away")
        if wfh:
            self.work_spell(self.at(day, r.uniform(17.0, 18.5)), "home", True, lunch=self.at(day, r.uniform(12, 13)))
        else:
            # The train: the laptop open on the hotspot, or asleep in the bag.
            commute = r.uniform(35, 55)
            if r.random() < 0.6:
                self.add(commute * r.uniform(0.4, 0.8), "commute", False, "active")
                self.until(self.t + int(commute * 0.3 * MIN), "commute", False, r.choice(["active", "away"]))
            else:
                self.add(commute, "commute", False, "asleep")
            plugged = r.random() < 0.35
            self.work_spell(self.at(day, r.uniform(12.0, 13.0)), "office", plugged)
            self.add(r.uniform(40, 70), "office", plugged, "away")  # lunch
            plugged = plugged or r.random() < 0.5
            self.work_spell(self.at(day, r.uniform(16.8, 18.4)), "office", plugged)
            commute = r.uniform(35, 60)
            self.add(commute, "commute", False, "asleep" if r.random() < 0.5 else "active")
        self.evening(self.at(day, r.uniform(22.3, 24.4)), r.random() < 0.85)

    def weekend_day(self, day, ac_at_night, saturday):
        r = self.rng
        self.add(r.uniform(20, 60), "home", ac_at_night, "active")
        self.add(r.uniform(30, 120), "home", ac_at_night, "away")
        # Out for a few hours with the lid closed.
        self.add(r.uniform(90, 240), "home", False, "asleep")
        if saturday:
            # An afternoon at a café on its Wi-Fi, on battery.
            self.add(r.uniform(60, 150), "cafe", False, "active")
            self.add(r.uniform(10, 30), "cafe", False, "away")
            self.add(r.uniform(20, 40), "commute", False, "asleep")
        else:
            self.work_spell(self.at(day, r.uniform(17.5, 19.0)), "home", r.random() < 0.6)
        self.evening(self.at(day, r.uniform(23.0, 25.0) if saturday else r.uniform(22.0, 23.5)), True)

    def plan(self):
        r = self.rng
        first = dt.datetime.fromtimestamp(self.start, UTC)
        day = int(dt.datetime(first.year, first.month, first.day, tzinfo=UTC).timestamp())
        wfh_day = r.choice([0, 1, 2, 3, 4, None])
        # The first evening (the recording begins in it), then day by day.
        self.evening(self.at(day, r.uniform(22.5, 23.5)), True)
        while self.t < self.end:
            day += 86_400
            weekday = dt.datetime.fromtimestamp(day, UTC).weekday()
            ac = self.night(day, weekday >= 5)
            if weekday < 5:
                self.weekday(day, weekday == wfh_day, ac)
            else:
                self.weekend_day(day, ac, weekday == 5)
        self.segments = [s for s in self.segments if s.start < self.end]
        self.segments[-1].end = min(self.segments[-1].end, self.end)
        return self.segments


class FakeClock:
    """The fake clock shared by the daemon, the commands and the sync job, SPEED times faster.

    libfaketime gives each process its own start unless FAKETIME_DONT_RESET=1 and a shared
    FAKETIME_SHARED (semaphore and shared memory): a `faketime` wrapper kept running for the
    week makes them and starts the clock; every later process joins it. Going through the
    wrapper matters for Swift too: without FAKETIME_SHARED, libfaketime setenv()s it in its
    constructor, which moves `environ` off the stack, and Swift (which finds argv by walking
    back from `environ`) then sees no arguments at all.
    """

    def __init__(self, start, speed):
        self.start, self.speed = start, speed
        self.spec = f"@{dt.datetime.fromtimestamp(start, UTC).strftime('%Y-%m-%d %H:%M:%S')} x{speed:g}"
        self.keeper = None
        self.real0 = None

    def begin(self):
        if not shutil.which("faketime") or not os.path.exists(LIBFAKETIME):
            raise SystemExit("record_week: needs libfaketime (Debian: apt-get install faketime)")
        self.keeper = subprocess.Popen(
            ["faketime", "-f", self.spec, "/bin/sh", "-c", 'echo "$FAKETIME_SHARED"; exec sleep 1000000000'],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, start_new_session=True)
        self.shared = self.keeper.stdout.readline().strip()
        if not self.shared:
            raise SystemExit("record_week: faketime gave no FAKETIME_SHARED")
        self.calibrate()

    def environment(self):
        return {"LD_PRELOAD": LIBFAKETIME, "FAKETIME": self.spec, "FAKETIME_SHARED": self.shared,
                "FAKETIME_DONT_RESET": "1"}

    def calibrate(self):
        """Reads the shared fake clock (`date` under libfaketime) to set this driver's."""
        before = time.time()
        out = subprocess.run(["date", "+%s.%N"], env=dict(os.environ, **self.environment()),
                             capture_output=True, text=True, check=True).stdout
        after = time.time()
        fake = float(out)
        self.real0 = (before + after) / 2 - (fake - self.start) / self.speed
        return fake

    def now(self):
        return self.start + (time.time() - self.real0) * self.speed

    def sleep_until(self, t):
        left = (t - self.now()) / self.speed
        if left > 0:
            time.sleep(left)

    def close(self):
        if self.keeper:
            os.killpg(self.keeper.pid, signal.SIGTERM)  # the wrapper and its sleep
            self.keeper.wait()


class Recorder:
    def __init__(self, args):
        self.args = args
        self.binary = os.path.abspath(args.binary)
        self.root = tempfile.mkdtemp(prefix="musicdiff-week-")
        self.home = os.path.join(self.root, "home")
        os.makedirs(os.path.join(self.home, "policies"))
        os.chmod(self.home, 0o700)
        self.proc = os.path.join(self.root, "proc")
        os.makedirs(self.proc)
        self.set_load(0.2)
        start = int(dt.datetime.strptime(args.start, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC).timestamp())
        self.clock = FakeClock(start, args.speed)
        self.end = start + int(args.hours * HOUR)
        self.plan = Planner(random.Random(args.seed), start, self.end).plan()
        self.daemon = None
        self.laptop = None
        self.joined = 0
        self.percent = 78.0
        self.log = open(args.out + ".plan.txt", "w")
        self.write_config()

    def note(self, text):
        line = f"{fmt(self.clock.now()) if self.clock.real0 else '':16} {text}"
        print(line, file=self.log, flush=True)

    def set_load(self, load):
        with open(os.path.join(self.proc, "loadavg.new"), "w") as f:
            f.write(f"{load:.2f} {load:.2f} {load:.2f} 1/200 4242\n")
        os.replace(os.path.join(self.proc, "loadavg.new"), os.path.join(self.proc, "loadavg"))

    def write_config(self):
        job = os.path.join(self.root, "demo-sync")
        with open(job, "w") as f:
            # A sync that takes a minute or two (of fake time: `sleep` runs under libfaketime).
            f.write("#!/bin/sh\nsleep $((60 + $(od -An -N1 -tu1 /dev/urandom) % 60))\n"
                    "echo '{\"changes_applied\": 3, \"failed_changes\": 0, \"conflicts\": []}'\n")
        os.chmod(job, 0o755)
        with open(os.path.join(self.home, "config.yaml"), "w") as f:
            f.write(f"sync:\n  command: [\"{job}\"]\n  timeout: 10m\ndaemon:\n  interval: 6h\n")

    def environment(self):
        env = dict(os.environ, MUSICDIFF_HOME=self.home, MUSICDIFF_PROC=self.proc,
                   MUSICDIFF_DEV=os.path.join(self.root, "dev"), TZ="UTC", **self.clock.environment())
        env.pop("FAKETIME_NO_CACHE", None)
        return env

    def musicdiff(self, *arguments):
        return subprocess.run([self.binary, *arguments], env=self.environment(), capture_output=True, text=True)

    # --- the laptop ------------------------------------------------------------------------

    def set_idle(self, idle, since):
        self.laptop.session.UpdateProperties(
            "org.freedesktop.login1.Session",
            dbus.Dictionary({"IdleHint": idle, "IdleSinceHint": dbus.UInt64(int(since * 1_000_000))}, signature="sv"),
            dbus_interface=MOCK_IFACE)
        self.note(f"idle {idle} since {fmt(since)}")

    def join(self, place):
        ssid, metered = PLACES[place]
        self.joined += 1
        self.laptop.join_wifi(ssid, f"{place}{self.joined}", metered)
        self.note(f"joined {ssid} ({'metered' if metered == METERED_YES else 'not metered'})")

    def set_power(self, ac):
        self.laptop.set_battery(on_battery=not ac, percent=round(self.percent, 1))
        self.note(f"{'AC' if ac else 'battery'} {self.percent:.0f}%")

    def suspend(self):
        self.laptop.prepare_for_sleep(True)
        time.sleep(0.5)  # the daemon handles PrepareForSleep before the machine sleeps
        os.kill(self.daemon.pid, signal.SIGSTOP)
        self.note("suspended (PrepareForSleep true, daemon stopped)")

    def resume(self):
        os.kill(self.daemon.pid, signal.SIGCONT)
        self.laptop.prepare_for_sleep(False)
        self.note("resumed (PrepareForSleep false)")

    # --- the week -------------------------------------------------------------------------

    def ticks(self):
        try:
            with sqlite3.connect(f"file:{self.home}/state.sqlite?mode=ro", uri=True) as db:
                return db.execute("SELECT COUNT(*) FROM tick").fetchone()[0]
        except sqlite3.Error:
            return 0

    def start(self):
        first = self.plan[0]
        self.percent = 80.0
        self.laptop = SimulatedLaptop(on_battery=not first.ac, percent=self.percent)
        self.clock.begin()  # the fake clock starts at START now
        self.join(first.place)
        self.set_power(first.ac)
        self.set_idle(False, self.clock.now())
        self.daemon_log = open(self.args.out + ".log", "w")
        self.daemon = subprocess.Popen([self.binary, "daemon", "--foreground", "--smart", "--policy", "laptop"],
                                       env=self.environment(), stdout=self.daemon_log, stderr=subprocess.STDOUT)
        self.note(f"daemon started, pid {self.daemon.pid}, FAKETIME {self.clock.spec!r}, shared {self.clock.shared}")
        deadline = time.monotonic() + 30
        while self.ticks() == 0:
            if time.monotonic() > deadline or self.daemon.poll() is not None:
                raise SystemExit("record_week: the daemon recorded nothing")
            time.sleep(0.05)

    def battery_until(self, segment, t):
        """The charge from the last update to `t` in `segment`; plugs in when it runs low."""
        hours = (t - self.last_charge) / HOUR
        self.last_charge = t
        if segment.ac:
            self.percent = min(100.0, self.percent + 45 * hours)
        else:
            rate = {"active": 11.0, "away": 4.0, "asleep": 0.6}[segment.presence]
            self.percent = max(3.0, self.percent - rate * hours)

    def run(self):
        self.start()
        self.last_charge = self.clock.now()
        previous = None
        for segment in self.plan:
            self.clock.sleep_until(segment.start)
            if previous:
                self.battery_until(previous, segment.start)
            self.note(f"-- {segment!r}")
            asleep_before = previous is not None and previous.presence == "asleep"
            if segment.presence == "asleep":
                if not asleep_before:
                    self.suspend()
                previous = segment
                continue
            if asleep_before:
                self.resume()
            if previous is None or previous.place != segment.place:
                self.join(segment.place)
            if previous is None or previous.ac != segment.ac or asleep_before:
                self.set_power(segment.ac)
            if previous is None or previous.load != segment.load:
                self.set_load(segment.load)
            if segment.presence == "active" and (previous is None or previous.presence != "active"):
                self.set_idle(False, self.clock.now())
            # Away: the desktop marks the session idle after IDLE_DELAY without input.
            idle_at = segment.start + IDLE_DELAY if segment.presence == "away" else None
            if segment.presence == "away" and previous is not None and previous.presence == "away":
                idle_at = None  # still idle
            if segment.presence == "away" and asleep_before:
                idle_at = segment.start + IDLE_DELAY
            # Within the segment: the idle hint, and the charge every 10 minutes.
            t = segment.start
            while True:
                t = min(t + 10 * MIN, segment.end)
                if idle_at is not None and idle_at < t:
                    self.clock.sleep_until(idle_at)
                    self.set_idle(True, self.clock.now())
                    idle_at = None
                self.clock.sleep_until(t)
                if t >= segment.end:
                    break
                before = round(self.percent)
                self.battery_until(segment, t)
                if not segment.ac and self.percent < 15 and segment.place != "commute":
                    segment.ac = True
                    self.note("low battery: plugged in")
                    self.set_power(True)
                elif round(self.percent) != before:
                    self.set_power(segment.ac)
            previous = segment
        if previous is not None and previous.presence == "asleep":
            self.clock.sleep_until(previous.end)  # the last stretch asleep lasts to the end too
            self.resume()
        self.note("end of the recording")

    def finish(self):
        if self.daemon and self.daemon.poll() is None:
            try:
                os.kill(self.daemon.pid, signal.SIGCONT)
            except ProcessLookupError:
                pass
            self.daemon.terminate()
            try:
                self.daemon.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.daemon.kill()
        store = os.path.join(self.home, "state.sqlite")
        if os.path.exists(store):
            with sqlite3.connect(store) as source, sqlite3.connect(self.args.out) as target:
                source.backup(target)
            with sqlite3.connect(self.args.out) as db:
                db.execute("PRAGMA journal_mode=DELETE")
            with open(os.path.join(self.home, "daemon.log")) as f:
                shutil.copyfileobj(f, open(self.args.out + ".daemon.log", "w"))
        if self.laptop:
            self.laptop.close()
        self.clock.close()
        shutil.rmtree(self.root, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("binary")
    parser.add_argument("out", help="where the recorded store is copied")
    parser.add_argument("--seed", type=int, default=24)
    parser.add_argument("--speed", type=float, default=150.0)
    parser.add_argument("--start", default="2026-11-21 21:00:00", help="fake start, UTC")
    parser.add_argument("--hours", type=float, default=8 * 24 + 2.75, help="fake hours to record")
    parser.add_argument("--plan-only", action="store_true", help="print the plan and stop")
    args = parser.parse_args()
    args.out = os.path.abspath(args.out)
    if args.plan_only:
        start = int(dt.datetime.strptime(args.start, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC).timestamp())
        for s in Planner(random.Random(args.seed), start, start + int(args.hours * HOUR)).plan():
            print(s)
        return
    recorder = Recorder(args)
    real = time.time()
    try:
        recorder.run()
    finally:
        recorder.finish()
        print(f"record_week: {args.hours:g} fake hours at x{args.speed:g} in {(time.time() - real) / 60:.1f} real"
              f" minutes; store {args.out}", flush=True)


if __name__ == "__main__":
    main()
