"""A simulated laptop for the demo and the benchmarks: python-dbusmock's UPower,
NetworkManager and logind on a private D-Bus system bus, with methods to change their state.

Creating a SimulatedLaptop starts the bus (and sets DBUS_SYSTEM_BUS_ADDRESS for this process
and its children); close() stops everything it started.
"""
import os
import subprocess
import time

import dbus
import dbusmock
from dbusmock import DBusTestCase

MOCK = dbusmock.MOCK_IFACE
NM = "org.freedesktop.NetworkManager"
NM_PATH = "/org/freedesktop/NetworkManager"
METERED_YES, METERED_GUESS_NO = 1, 4
UP_CHARGING, UP_DISCHARGING = 1, 2


class SimulatedLaptop:
    def __init__(self, on_battery=True, percent=23.0):
        DBusTestCase.start_system_bus()
        self.bus = DBusTestCase.get_dbus(system_bus=True)
        quiet = subprocess.DEVNULL
        self.children = []
        upower_proc, self.upower = DBusTestCase.spawn_server_template(
            "upower", {"OnBattery": on_battery, "DaemonVersion": "0.99.20"}, stdout=quiet)
        nm_proc, self.nm_mock = DBusTestCase.spawn_server_template("networkmanager", {}, stdout=quiet)
        logind_proc, self.logind = DBusTestCase.spawn_server_template("logind", {}, stdout=quiet)
        self.children += [upower_proc, nm_proc, logind_proc]
        self.set_battery(on_battery, percent)
        self.set_up_network()
        session = self.logind.AddSession("c2", "seat0", dbus.UInt32(os.getuid()), "demo", True, dbus_interface=MOCK)
        self.session = self.bus.get_object("org.freedesktop.login1", session)
        self.session.UpdateProperties("org.freedesktop.login1.Session", dbus.Dictionary({"Type": "x11"}, signature="sv"),
                                      dbus_interface=MOCK)
        self.set_idle(False, minutes_ago=0)

    def set_battery(self, on_battery, percent):
        """Plugs in or out, and sets the display device's charge."""
        self.upower.SetDeviceProperties(
            "/org/freedesktop/UPower/devices/DisplayDevice",
            dbus.Dictionary({"Percentage": dbus.Double(percent),
                             "State": dbus.UInt32(UP_DISCHARGING if on_battery else UP_CHARGING),
                             "IsPresent": True, "Type": dbus.UInt32(2)}, signature="sv"),
            dbus_interface=MOCK)
        self.set_on_battery(on_battery)

    def set_on_battery(self, on_battery):
        """Only UPower's OnBattery property: one PropertiesChanged signal."""
        self.upower.Set("org.freedesktop.UPower", "OnBattery", on_battery, dbus_interface=dbus.PROPERTIES_IFACE)

    def set_up_network(self):
        nm = self.bus.get_object(NM, NM_PATH)
        nm.AddProperty(NM, "Metered", dbus.UInt32(METERED_YES), dbus_interface=MOCK)
        nm.AddProperty(NM, "PrimaryConnection", dbus.ObjectPath("/"), dbus_interface=MOCK)
        nm.AddProperty(NM, "PrimaryConnectionType", "", dbus_interface=MOCK)
        self.wifi = self.nm_mock.AddWiFiDevice("wlan0", "wlan0", dbus.UInt32(100), dbus_interface=MOCK)
        self.join_wifi("Pixel hotspot", "hotspot", METERED_YES)

    def join_wifi(self, ssid, name, metered):
        """Connects to the Wi-Fi network `ssid` and makes it the primary connection."""
        ap = self.nm_mock.AddAccessPoint(self.wifi, name, ssid, "00:11:22:33:44:55", dbus.UInt32(2),
                                         dbus.UInt32(2437), dbus.UInt32(54000), dbus.Byte(0x50), dbus.UInt32(0),
                                         dbus_interface=MOCK)
        connection = self.nm_mock.AddWiFiConnection(self.wifi, name, ssid, "", dbus_interface=MOCK)
        active = self.nm_mock.AddActiveConnection([self.wifi], connection, ap, name, dbus.UInt32(2),
                                                  dbus_interface=MOCK)
        for prop, value in [("Metered", dbus.UInt32(metered)), ("PrimaryConnectionType", "802-11-wireless"),
                            ("PrimaryConnection", dbus.ObjectPath(active))]:
            self.nm_mock.SetProperty(NM_PATH, NM, prop, value, dbus_interface=MOCK)

    def set_metered(self, metered):
        """NetworkManager's Metered property alone (yes, or guess-no): one PropertiesChanged."""
        self.nm_mock.SetProperty(NM_PATH, NM, "Metered", dbus.UInt32(METERED_YES if metered else METERED_GUESS_NO),
                                 dbus_interface=MOCK)

    def set_idle(self, idle, minutes_ago):
        """logind's idle hint for the user's session, idle since `minutes_ago`."""
        since = int((time.time() - minutes_ago * 60) * 1_000_000)
        self.session.UpdateProperties("org.freedesktop.login1.Session",
                                      dbus.Dictionary({"IdleHint": idle, "IdleSinceHint": dbus.UInt64(since)},
                                                      signature="sv"),
                                      dbus_interface=MOCK)

    def prepare_for_sleep(self, starting):
        """logind's PrepareForSleep signal: the machine is about to suspend, or has resumed."""
        self.logind.EmitSignal("org.freedesktop.login1.Manager", "PrepareForSleep", "b", [starting],
                               dbus_interface=MOCK)

    def inhibitors(self):
        """logind's list of inhibitors, as (what, who, why, mode)."""
        manager = self.bus.get_object("org.freedesktop.login1", "/org/freedesktop/login1")
        rows = manager.ListInhibitors(dbus_interface="org.freedesktop.login1.Manager")
        return [(str(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in rows]

    def close(self):
        for child in self.children:
            child.terminate()
            child.wait()
        if getattr(DBusTestCase, "system_bus_pid", None):
            DBusTestCase.stop_dbus(DBusTestCase.system_bus_pid)
            DBusTestCase.system_bus_pid = None
