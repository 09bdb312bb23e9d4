#!/usr/bin/env python3
"""The predicted window's cost per decision, printed, never asserted, on one store of 14 busy
days (`simulate-history --days 14 --busy`: a laptop whose user is at the keyboard but for an
hour a night, so a due sync is decided on nearly every poll tick), side by side in one sitting:

- "rows": the store with its prediction summary emptied, so the prediction reads the 14 days'
  moments and decides on each (how it was computed before the summary; still the way for a
  policy the store keeps no summary for);
- "summary": the store as simulate-history and the daemon leave it, with the summary.

1. the store's size, its moments, and the summary's rows;
2. `why-not --policy laptop --history 0` as a whole process on each, and on an empty store;
3. the prediction function alone (Benchmarks' predict-bench, when built) on each;
4. `daemon status` as a whole process, a smart daemon (policy laptop) running on the store,
   with the summary, then with it emptied under the running daemon (last: it records).

Usage: scripts/bench_predict.py [BINARY [PREDICT_BENCH]]
  (defaults .build/release/musicdiff and .build-bench/release/predict-bench)
"""
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

RUNS = 11


def timed(argv, env):
    start = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def figures(times):
    times = sorted(times)
    return "min %.0f ms, median %.0f ms, max %.0f ms" % (
        times[0] * 1000, statistics.median(times) * 1000, times[-1] * 1000)


def size(store):
    return sum(os.path.getsize(store + s) for s in ("", "-wal", "-shm") if os.path.exists(store + s))


def empty_summary(store):
    database = sqlite3.connect(store)
    for table in ("prediction_summary", "prediction_day", "prediction_slot"):
        database.execute(f"DELETE FROM {table}")
    database.commit()
    database.close()


def make_home(folder, name):
    home = os.path.join(folder, name)
    os.makedirs(home, mode=0o700)
    with open(os.path.join(home, "config.yaml"), "w") as f:
        f.write('sync:\n  command: ["/bin/true"]\ndaemon:\n  smart: true\n  policy: laptop\n')
    return home


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, ".build/release/musicdiff")
    bench = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
        root, ".build-bench/release/predict-bench")
    folder = tempfile.mkdtemp(prefix="musicdiff-bench-predict-")
    base = dict(os.environ, NO_COLOR="1", TZ="UTC")
    try:
        homes = {name: make_home(folder, name) for name in ("empty", "rows", "summary")}
        stores = {name: os.path.join(home, "state.sqlite") for name, home in homes.items()}
        env = {name: dict(base, MUSICDIFF_HOME=home) for name, home in homes.items()}
        subprocess.run([binary, "simulate-history", "--store", stores["summary"], "--days", "14",
                        "--busy"], env=env["summary"], check=True, stdout=subprocess.DEVNULL)
        database = sqlite3.connect(stores["summary"])
        database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        moments = database.execute("SELECT COUNT(*) FROM tick").fetchone()[0]
        days = database.execute("SELECT COUNT(*) FROM prediction_day").fetchone()[0]
        slots = database.execute("SELECT COUNT(*) FROM prediction_slot").fetchone()[0]
        database.close()
        print(f"store: 14 busy days, {moments} moments, {size(stores['summary']) / 1048576:.2f} MiB;"
              f" summary: 1 + {days} days + {slots} half hours")
        shutil.copy(stores["summary"], stores["rows"])
        empty_summary(stores["rows"])
        open(stores["empty"], "w").close()  # an empty file: no history
        why_not = [binary, "why-not", "--policy", "laptop", "--history", "0"]
        times = {name: [] for name in homes}
        for _ in range(RUNS):  # interleaved, so that the machine's load falls on each alike
            for name in ("empty", "rows", "summary"):
                times[name].append(timed(why_not, env[name]))
        for name in ("rows", "summary", "empty"):
            print(f"why-not, {name}: {figures(times[name])}")
        if os.path.exists(bench):
            for name in ("rows", "summary"):
                out = subprocess.run([bench, stores[name], "laptop", "21"], env=env[name],
                                     check=True, capture_output=True, text=True).stdout
                print(f"predict-bench on the {name} store:\n  " + out.strip().replace("\n", "\n  "))
        else:
            print(f"(no {bench}: MUSICDIFF_BENCHMARKS=1 swift build -c release"
                  " --scratch-path .build-bench --product predict-bench)")
        daemon_status(binary, stores["summary"], env["summary"])
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def daemon_status(binary, store, env):
    if subprocess.run([binary, "daemon"], env=env, capture_output=True).returncode != 0:
        print("daemon status: the daemon did not start")
        return
    try:
        deadline = time.monotonic() + 30
        while b"usually possible" not in subprocess.run(
                [binary, "daemon", "status"], env=env, capture_output=True).stdout:
            if time.monotonic() > deadline:
                print("daemon status: no predicted window within 30 s")
                return
            time.sleep(0.2)
        status = [binary, "daemon", "status"]
        kept = [timed(status, env) for _ in range(RUNS)]
        empty_summary(store)  # the running daemon then adds to none: the rows are read
        rows = [timed(status, env) for _ in range(RUNS)]
        print(f"daemon status, rows: {figures(rows)}")
        print(f"daemon status, summary: {figures(kept)}")
    finally:
        subprocess.run([binary, "daemon", "stop"], env=env, capture_output=True)


if __name__ == "__main__":
    main()
