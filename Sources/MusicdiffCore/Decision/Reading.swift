import Foundation

/// What a sensor saw: a value, or why there is none.
package enum Reading<Value: Sendable & Equatable>: Sendable, Equatable {
    /// The sensor was read.
    case known(Value)
    /// The sensor could not be read; `reason` says why in the sensor's own words.
    case unknown(reason: String)

    /// The value, when known.
    package var value: Value? {
        if case .known(let value) = self { return value }
        return nil
    }
}

/// The last successful sync, as the state store knows it.
package enum LastSync: Sendable, Equatable {
    /// No successful sync has been recorded.
    case never
    /// The last successful sync ended at this time.
    case at(Date)
}
