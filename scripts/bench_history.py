#!/usr/bin/env python3
"""Whole-process figures of `musicdiff history` and `replay` on 30 days of history, printed,
never asserted:

1. the store's size for 30 days of ticks at a 60 s poll (the hidden `simulate-history`
   records a laptop whose user is away an hour a night, so a due sync is blocked and decided
   on nearly every poll tick, through the store's own recording code);
2. `musicdiff replay --policy laptop --days 30` (five rules) as a whole process;
3. `musicdiff history --days 30` as a whole process.

Usage: scripts/bench_history.py [BINARY]   (default .build/release/musicdiff)
"""
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

RUNS = 7


def timed(argv, env):
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times), max(times)


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, ".build/release/musicdiff")
    folder = tempfile.mkdtemp(prefix="musicdiff-bench-history-")
    try:
        home = os.path.join(folder, "home")
        os.makedirs(home, mode=0o700)
        policy = os.path.join(folder, "busy.yaml")
        with open(policy, "w") as f:
            f.write("name: busy\nidle: { min: 10m }\npoll: 60s\n")
        env = dict(os.environ, MUSICDIFF_HOME=home, NO_COLOR="1", TZ="UTC")
        store = os.path.join(home, "state.sqlite")
        subprocess.run(
            [binary, "simulate-history", "--store", store, "--days", "30", "--busy",
             "--policy", policy, "--interval", "10m"],
            env=env, check=True)
        database = sqlite3.connect(store)
        moments = database.execute("SELECT COUNT(*) FROM tick").fetchone()[0]
        decisions = database.execute("SELECT COUNT(*) FROM tick WHERE kind = 'decision'").fetchone()[0]
        runs = database.execute("SELECT COUNT(*) FROM sync_run").fetchone()[0]
        database.close()
        size = sum(os.path.getsize(store + suffix) for suffix in ("", "-wal", "-shm")
                   if os.path.exists(store + suffix))
        print(f"store: {moments} moments ({decisions} decisions, {runs} runs) over 30 days:"
              f" {size / 1048576:.2f} MiB (goal < 10 MiB)")
        replay = timed([binary, "replay", "--policy", "laptop", "--days", "30", "--store", store], env)
        print("replay --policy laptop --days 30: min %.3f s, median %.3f s, max %.3f s (goal < 1 s)" % replay)
        history = timed([binary, "history", "--days", "30", "--store", store], env)
        print("history --days 30: min %.0f ms, median %.0f ms, max %.0f ms (goal < 200 ms)"
              % tuple(t * 1000 for t in history))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
