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

import dbus
import dbusmock
from dbusmock import DBusTestCase

MOCK = dbusmock.MOCK_IFACE
NM = "org.freedesktop.NetworkManager"
NM_PATH = "/org/freedesktop/NetworkManager"
METERED_YES, METERED_GUESS_NO = 1, 4
UP_CHARGING, UP_DISCHARGING = 1, 2


def say(text):
    print(f"\n\033[1m== {text}\033[0m", flush=True)


class Demo:
    def __init__(self, binary):
        self.binary = binary
        self.root = tempfile.mkdtemp(prefix="musicdiff-demo-")
        self.home = os.path.join(self.root, "home")
        self.log_seen = 0
        self.children = []
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
                    "echo \"demo sync: pretending to sync the library (MUSICDIFF_SYNC_MODE=$MUSICDIFF_SYNC_MODE)\" >&2\n"
                    "echo '{\"changes_applied\": 42, \"failed_changes\": 0, "
                    "\"conflicts\": [{\"entity_type\": \"playlist\", \"entity_id\": \"Road trip\"}]}'\n")
        os.chmod(job, 0o755)
        with open(os.path.join(self.home, "config.yaml"), "w") as f:
            f.write(f"sync:\n  command: [\"{job}\"]\n  timeout: 5m\n")

    # --- the simulated machine ---------------------------------------------------------

    def start_services(self):
        DBusTestCase.start_system_bus()
        self.bus = DBusTestCase.get_dbus(system_bus=True)
        quiet = subprocess.DEVNULL
        self.upower_proc, self.upower = DBusTestCase.spawn_server_template(
            "upower", {"OnBattery": True, "DaemonVersion": "0.99.20"}, stdout=quiet)
        self.nm_proc, self.nm_mock = DBusTestCase.spawn_server_template("networkmanager", {}, stdout=quiet)
        self.logind_proc, self.logind = DBusTestCase.spawn_server_template("logind", {}, stdout=quiet)
        self.children += [self.upower_proc, self.nm_proc, self.logind_proc]
        self.set_battery(on_battery=True, percent=23.0)
        self.set_up_network()
        session = self.logind.AddSession("c2", "seat0", dbus.UInt32(os.getuid()), "demo", True, dbus_interface=MOCK)
        self.session = self.bus.get_object("org.freedesktop.login1", session)
        self.session.UpdateProperties("org.freedesktop.login1.Session", dbus.Dictionary({"Type": "x11"}, signature="sv"),
                                      dbus_interface=MOCK)
        self.set_idle(False, minutes_ago=0)

    def set_battery(self, on_battery, percent):
        self.upower.SetDeviceProperties(
            "/org/freedesktop/UPower/devices/DisplayDevice",
            dbus.Dictionary({"Percentage": dbus.Double(percent),
                             "State": dbus.UInt32(UP_DISCHARGING if on_battery else UP_CHARGING),
                             "IsPresent": True, "Type": dbus.UInt32(2)}, signature="sv"),
            dbus_interface=MOCK)
        self.upower.Set("org.freedesktop.UPower", "OnBattery", on_battery, dbus_interface=dbus.PROPERTIES_IFACE)

    def set_up_network(self):
        nm = self.bus.get_object(NM, NM_PATH)
        nm.AddProperty(NM, "Metered", dbus.UInt32(METERED_YES), dbus_interface=MOCK)
        nm.AddProperty(NM, "PrimaryConnection", dbus.ObjectPath("/"), dbus_interface=MOCK)
        nm.AddProperty(NM, "PrimaryConnectionType", "", dbus_interface=MOCK)
        self.wifi = self.nm_mock.AddWiFiDevice("wlan0", "wlan0", dbus.UInt32(100), dbus_interface=MOCK)
        self.join_wifi("Pixel hotspot", "hotspot", METERED_YES)

    def join_wifi(self, ssid, name, metered):
        ap = self.nm_mock.AddAccessPoint(self.wifi, name, ssid, "00:11:22:33:44:55", dbus.UInt32(2),
                                         dbus.UInt32(2437), dbus.UInt32(54000), dbus.Byte(0x50), dbus.UInt32(0),
                                         dbus_interface=MOCK)
        connection = self.nm_mock.AddWiFiConnection(self.wifi, name, ssid, "", dbus_interface=MOCK)
        active = self.nm_mock.AddActiveConnection([self.wifi], connection, ap, name, dbus.UInt32(2),
                                                  dbus_interface=MOCK)
        for prop, value in [("Metered", dbus.UInt32(metered)), ("PrimaryConnectionType", "802-11-wireless"),
                            ("PrimaryConnection", dbus.ObjectPath(active))]:
            self.nm_mock.SetProperty(NM_PATH, NM, prop, value, dbus_interface=MOCK)

    def set_idle(self, idle, minutes_ago):
        since = int((time.time() - minutes_ago * 60) * 1_000_000)
        self.session.UpdateProperties("org.freedesktop.login1.Session",
                                      dbus.Dictionary({"IdleHint": idle, "IdleSinceHint": dbus.UInt64(since)}, signature="sv"),
                                      dbus_interface=MOCK)

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
        self.start_services()
        print(f"MUSICDIFF_HOME={self.home}")
        say("A laptop on battery (23%), on a metered phone hotspot, its user typing")
        self.musicdiff("daemon", "--smart", "--policy", "laptop")
        self.wait("the first decision", lambda: self.ticks() > 0)
        self.new_log()
        self.musicdiff("why-not", "--history", "3")
        self.step("Plugged in: UPower reports AC", lambda: self.set_battery(on_battery=False, percent=24.0))
        self.step("Home: the laptop joins the home Wi-Fi, which is not metered",
                  lambda: self.join_wifi("HomeNet", "home", METERED_GUESS_NO))
        self.step("The user walks away: logind says idle since 20 minutes ago",
                  lambda: self.set_idle(True, minutes_ago=20), expect_sync=True)
        say("The daemon's view now")
        self.musicdiff("daemon", "status")
        say("Stopping")
        self.musicdiff("daemon", "stop")

    def close(self):
        subprocess.run([self.binary, "daemon", "stop"], capture_output=True)
        for child in self.children:
            child.terminate()
            child.wait()
        if getattr(DBusTestCase, "system_bus_pid", None):
            DBusTestCase.stop_dbus(DBusTestCase.system_bus_pid)
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
