import MusicdiffCore
import Testing

@testable import MusicdiffSensors

@Suite struct PowerSupplySensorTests {
    func sensor(_ tree: FixtureTree) -> PowerSupplySensor {
        PowerSupplySensor(paths: SensorPaths(proc: tree.root, sys: tree.root))
    }

    func laptop(acOnline: Bool, capacity: Int, status: String) throws -> FixtureTree {
        let sys = try FixtureTree()
        try sys.write("class/power_supply/AC/type", "Mains\n")
        try sys.write("class/power_supply/AC/online", acOnline ? "1\n" : "0\n")
        try sys.write("class/power_supply/BAT0/type", "Battery\n")
        try sys.write("class/power_supply/BAT0/capacity", "\(capacity)\n")
        try sys.write("class/power_supply/BAT0/status", status + "\n")
        return sys
    }

    @Test func onACWithABattery() throws {
        let sys = try laptop(acOnline: true, capacity: 80, status: "Charging")
        let reading = sensor(sys).read()
        #expect(
            reading
                == .known(
                    BatteryState(
                        onBattery: false,
                        percent: 80,
                        state: "charging",
                        source: "/sys/class/power_supply"
                    )
                )
        )
    }

    @Test func onBatteryWhenNoAdapterIsOnline() throws {
        let sys = try laptop(acOnline: false, capacity: 23, status: "Discharging")
        let reading = sensor(sys).read()
        #expect(reading.value?.onBattery == true)
        #expect(reading.value?.percent == 23)
        #expect(reading.value?.state == "discharging")
    }

    @Test func peripheralBatteriesAreLeftOut() throws {
        let sys = try laptop(acOnline: true, capacity: 90, status: "Full")
        try sys.write("class/power_supply/hidpp_battery_0/type", "Battery\n")
        try sys.write("class/power_supply/hidpp_battery_0/scope", "Device\n")
        try sys.write("class/power_supply/hidpp_battery_0/capacity", "5\n")
        #expect(sensor(sys).read().value?.percent == 90)
    }

    @Test func twoBatteriesAreWeighedByEnergy() throws {
        let sys = try FixtureTree()
        for (name, now, full) in [("BAT0", 10_000_000, 50_000_000), ("BAT1", 30_000_000, 30_000_000)] {
            try sys.write("class/power_supply/\(name)/type", "Battery\n")
            try sys.write("class/power_supply/\(name)/status", "Discharging\n")
            try sys.write("class/power_supply/\(name)/energy_now", "\(now)\n")
            try sys.write("class/power_supply/\(name)/energy_full", "\(full)\n")
        }
        let reading = sensor(sys).read().value
        #expect(reading?.percent == 50)
        #expect(reading?.onBattery == true)
    }

    @Test func aDesktopWithoutSuppliesIsOnAC() throws {
        let sys = try FixtureTree()
        try sys.write("class/power_supply/.keep", "")
        let reading = sensor(sys).read()
        #expect(reading.value?.onBattery == false)
        #expect(reading.value?.percent == nil)
        #expect(reading.value?.source == "/sys/class/power_supply (no battery)")
    }

    @Test func noPowerSupplyFolderIsUnknown() throws {
        let sys = try FixtureTree()
        #expect(sensor(sys).read() == .unknown(reason: "cannot list \(sys.root)/class/power_supply"))
    }
}
