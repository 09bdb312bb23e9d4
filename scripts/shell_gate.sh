#!/bin/sh
# The gate a user would write by hand instead of `musicdiff why-not`, for the benchmarks:
# NetworkManager's Metered and PrimaryConnectionType, UPower's OnBattery, logind's IdleHint
# (gdbus Get calls on the system bus) and /proc/loadavg. Prints what it read.
get() {
  gdbus call --system --dest "$1" --object-path "$2" \
    --method org.freedesktop.DBus.Properties.Get "$3" "$4" 2>/dev/null || echo "(unknown)"
}
echo "metered: $(get org.freedesktop.NetworkManager /org/freedesktop/NetworkManager org.freedesktop.NetworkManager Metered)"
echo "type: $(get org.freedesktop.NetworkManager /org/freedesktop/NetworkManager org.freedesktop.NetworkManager PrimaryConnectionType)"
echo "on battery: $(get org.freedesktop.UPower /org/freedesktop/UPower org.freedesktop.UPower OnBattery)"
echo "idle: $(get org.freedesktop.login1 /org/freedesktop/login1 org.freedesktop.login1.Manager IdleHint)"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
