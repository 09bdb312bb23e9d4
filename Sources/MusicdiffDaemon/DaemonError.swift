import Foundation
import MusicdiffCore

/// What can go wrong outside the pure core, worded for the user in one line.
public enum DaemonError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A policy file is invalid.
    case policy(PolicyError)
    /// No policy has this name.
    case policyNotFound(name: String, available: [String], folder: String)
    /// A file or folder could not be read or written.
    case io(path: String, reason: String)
    /// The state database could not be used.
    case state(path: String, reason: String)

    /// One line: what, where, and what to do.
    public var description: String {
        switch self {
        case .policy(let error):
            return error.description
        case .policyNotFound(let name, let available, let folder):
            return "no policy named \"\(name)\": not a file, not in \(folder), not shipped"
                + " (available: \(available.joined(separator: ", ")))"
        case .io(let path, let reason):
            return "\(path): \(reason)"
        case .state(let path, let reason):
            return "\(path): \(reason)"
        }
    }
}
