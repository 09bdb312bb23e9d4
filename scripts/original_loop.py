"""The original Python daemon's loop (../shared/original-scheduler.md, `_run`), for the
benchmarks to measure side by side with musicdiff: sync, then `time.sleep(1)` for each second
of the interval. The sync is the same job musicdiff runs, through subprocess.

    python3 scripts/original_loop.py INTERVAL_SECONDS COMMAND [ARGUMENTS...]
"""
import signal
import subprocess
import sys
import time
from datetime import datetime


class Daemon:
    def __init__(self, interval, command):
        self.interval = interval
        self.command = command
        self.running = False
        signal.signal(signal.SIGTERM, self._handle_sigterm)
        signal.signal(signal.SIGINT, self._handle_sigterm)

    def _handle_sigterm(self, signum, frame):
        self.running = False

    def _run(self):
        self.running = True
        print(f"[{datetime.now()}] MusicDiff daemon started (interval: {self.interval}s)", flush=True)
        while self.running:
            try:
                print(f"[{datetime.now()}] Starting automatic sync...", flush=True)
                result = subprocess.run(self.command, capture_output=True, text=True, check=False)
                print(f"[{datetime.now()}] Sync completed: exit {result.returncode}", flush=True)
            except Exception as e:
                print(f"[{datetime.now()}] Sync failed: {e}", flush=True)
            print(f"[{datetime.now()}] Next sync in {self.interval} seconds", flush=True)
            for _ in range(self.interval):
                if not self.running:
                    break
                time.sleep(1)


if __name__ == "__main__":
    Daemon(int(sys.argv[1]), sys.argv[2:])._run()
