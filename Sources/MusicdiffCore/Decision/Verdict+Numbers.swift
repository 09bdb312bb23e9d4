import Foundation

extension Verdict {
    /// `NetworkManager: metered=guess-yes, wifi "HomeNet", connectivity full`.
    static func describe(_ state: NetworkState) -> String {
        "\(state.source): metered=\(state.metered.rawValue), \(kindName(state)), connectivity \(state.connectivity.rawValue)"
    }

    static func kindName(_ state: NetworkState) -> String {
        switch state.primary {
        case .none: "no connection"
        case .wifi: state.ssid.map { "Wi-Fi \"\($0)\"" } ?? "Wi-Fi"
        case .ethernet: "Ethernet"
        case .other(let type): type
        }
    }

    /// A number with at most two decimals: `0.7`, `1.25`, `2`; one too large for that, as Swift
    /// prints it (`1e+300`).
    static func decimal(_ value: Double) -> String {
        guard let hundredths = Int(exactly: (value * 100).rounded()) else { return "\(value)" }
        let whole = "\(hundredths / 100)"
        let fraction = abs(hundredths % 100)
        if fraction == 0 { return whole }
        let digits =
            fraction < 10 ? "0\(fraction)" : (fraction % 10 == 0 ? "\(fraction / 10)" : "\(fraction)")
        return whole + "." + digits
    }

    /// `23%`, rounded to a whole percent.
    static func percent(_ value: Double) -> String {
        Int(exactly: value.rounded()).map { "\($0)%" } ?? "\(value)%"
    }
}
