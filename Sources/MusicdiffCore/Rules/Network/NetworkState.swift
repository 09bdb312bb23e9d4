import Foundation

/// The network as NetworkManager sees it.
package struct NetworkState: Sendable, Equatable {
    /// NetworkManager's global metered state.
    package enum Metered: String, Sendable, Equatable, CaseIterable {
        /// Metered, set by the user or the connection.
        case yes
        /// Metered, as NetworkManager guesses (a phone hotspot, mobile broadband).
        case guessYes = "guess-yes"
        /// Not metered, set by the user or the connection.
        case no
        /// Not metered, as NetworkManager guesses.
        case guessNo = "guess-no"
        /// NetworkManager cannot tell.
        case unknown

        /// Whether the connection may be used freely (`no` or `guess-no`).
        var isUnmetered: Bool { self == .no || self == .guessNo }
    }

    /// NetworkManager's connectivity check result.
    package enum Connectivity: String, Sendable, Equatable, CaseIterable {
        /// The check is off or has not run.
        case unknown
        /// Not connected to any network.
        case none
        /// Behind a captive portal.
        case portal
        /// Connected, but the internet is not reachable.
        case limited
        /// Connected to the internet.
        case full
    }

    /// The kind of the primary connection.
    package enum Kind: Sendable, Equatable {
        /// No primary connection.
        case none
        /// Wi-Fi.
        case wifi
        /// Wired Ethernet.
        case ethernet
        /// Anything else: VPN, mobile broadband, bridge..., as NetworkManager names its type.
        case other(String)
    }

    /// Global metered state.
    package var metered: Metered
    /// Kind of the primary connection.
    package var primary: Kind
    /// The SSID, when the primary connection is Wi-Fi and it is known.
    package var ssid: String?
    /// Connectivity.
    package var connectivity: Connectivity
    /// Where this came from (`NetworkManager`).
    package var source: String

    /// Creates a reading.
    package init(
        metered: Metered,
        primary: Kind,
        ssid: String? = nil,
        connectivity: Connectivity,
        source: String = "NetworkManager"
    ) {
        self.metered = metered
        self.primary = primary
        self.ssid = ssid
        self.connectivity = connectivity
        self.source = source
    }

    /// Whether the machine is online: full connectivity, or a primary connection while
    /// NetworkManager's connectivity check is off.
    var isOnline: Bool {
        switch connectivity {
        case .full: true
        case .unknown: primary != .none
        case .none, .portal, .limited: false
        }
    }
}

extension NetworkState: MachineState {
    /// The reading it is.
    package static var reading: MachineReading { .network }

    /// The home Wi-Fi, not metered.
    package static var typical: Self {
        NetworkState(metered: .no, primary: .wifi, ssid: "Home", connectivity: .full)
    }

    /// Metered, the primary connection's kind, connectivity, the Wi-Fi name and the source.
    package var lineFields: [String] {
        [metered.rawValue, primary.text, connectivity.rawValue, LineFields.optional(ssid), source]
    }

    package static func read(lineFields fields: [String]) -> LineFields.Parsed<NetworkState> {
        guard fields.count == 5, let metered = Metered(rawValue: fields[0]),
            let primary = Kind(text: fields[1]),
            let connectivity = Connectivity(rawValue: fields[2]), let ssid = LineFields.optional(fields[3])
        else { return nil }
        return .success(
            NetworkState(
                metered: metered,
                primary: primary,
                ssid: ssid,
                connectivity: connectivity,
                source: fields[4]
            )
        )
    }

    /// Its ``storedText`` and the Wi-Fi name; the source is not kept.
    package static var storedColumns: [StoredColumn] {
        [StoredColumn("network", .text), StoredColumn("ssid", .text)]
    }

    package func storedValues(at: Date) -> [StoredValue?] { [.text(storedText), ssid.map { .text($0) }] }

    package static func restored(from values: some StoredValues, at: Date) throws(DamagedRow) -> NetworkState?
    {
        let ssid = try values.text(1)
        guard let text = try values.text(0), var network = NetworkState(storedText: text) else { return nil }
        network.ssid = ssid
        return network
    }

    /// `no wifi full`: metered state, primary connection, connectivity.
    var storedText: String { "\(metered.rawValue) \(primary.text) \(connectivity.rawValue)" }

    /// The network a ``storedText`` names, read back from the store; nil for text it did not
    /// write.
    init?(storedText text: String) {
        let parts = text.split(separator: " ").map(String.init)
        guard parts.count == 3, let metered = Metered(rawValue: parts[0]),
            let connectivity = Connectivity(rawValue: parts[2])
        else { return nil }
        guard let kind = Kind(text: parts[1]) else { return nil }
        self.init(metered: metered, primary: kind, connectivity: connectivity, source: StoredColumns.source)
    }
}

extension NetworkState.Kind {
    /// `none`, `wifi`, `ethernet` or `other:NAME` (its spaces as `_`): how the socket and the
    /// state store write it.
    package var text: String {
        switch self {
        case .none: "none"
        case .wifi: "wifi"
        case .ethernet: "ethernet"
        case .other(let name): "other:" + name.replacingOccurrences(of: " ", with: "_")
        }
    }

    /// The kind a ``text`` names; nil for text it did not write.
    package init?(text: String) {
        switch text {
        case "none": self = .none
        case "wifi": self = .wifi
        case "ethernet": self = .ethernet
        default:
            guard text.hasPrefix("other:") else { return nil }
            self = .other(String(text.dropFirst("other:".count)))
        }
    }
}

extension Snapshot {
    /// The network the machine is on.
    package var network: Reading<NetworkState> {
        get { self[NetworkState.self] }
        set { self[NetworkState.self] = newValue }
    }
}
