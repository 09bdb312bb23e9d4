import Foundation
import MusicdiffCore

/// Finds a policy by reference: a path to a YAML file, else a name in the user's policies
/// folder, else the name of a shipped policy.
package struct PolicyResolver: Sendable {
    /// Where a policy came from.
    package enum Origin: Sendable, Equatable, CustomStringConvertible {
        /// Built into the binary (`policies/NAME.yaml` in the repository).
        case shipped
        /// A file: in the user's policies folder, or named by path.
        case file(String)

        /// `shipped`, or the file's path.
        package var description: String {
            switch self {
            case .shipped: "shipped"
            case .file(let path): path
            }
        }
    }

    /// A policy with where it came from.
    package struct Resolved: Sendable, Equatable {
        /// The policy.
        package var policy: Policy
        /// Where it came from.
        package var origin: Origin
    }

    /// The user's policies folder.
    package let folder: String

    /// Creates a resolver looking in `home`'s policies folder.
    package init(home: MusicdiffHome) { folder = home.policies }

    /// The policy `reference` names.
    package func resolve(_ reference: String) throws(DaemonError) -> Resolved {
        if Self.looksLikePath(reference) || isFile(reference) {
            return try load(path: reference)
        }
        for suffix in [".yaml", ".yml"] where isFile(folder + "/" + reference + suffix) {
            return try load(path: folder + "/" + reference + suffix)
        }
        if let policy = ShippedPolicies.policy(named: reference) {
            return Resolved(policy: policy, origin: .shipped)
        }
        throw .policyNotFound(name: reference, available: listing().map(\.name), folder: folder)
    }

    /// Checks the policy `reference` names, found as ``resolve(_:)`` finds it (a path, else a
    /// name among the user's policies, else a shipped one), listing every error it has.
    package func check(reference: String) -> (policy: Resolved?, errors: [DaemonError]) {
        if Self.looksLikePath(reference) || isFile(reference) { return check(path: reference) }
        for suffix in [".yaml", ".yml"] where isFile(folder + "/" + reference + suffix) {
            return check(path: folder + "/" + reference + suffix)
        }
        if let policy = ShippedPolicies.policy(named: reference) {
            return (Resolved(policy: policy, origin: .shipped), [])
        }
        return (nil, [.policyNotFound(name: reference, available: listing().map(\.name), folder: folder)])
    }

    /// Reads the policy file at `path` and lists every error it has, in line order: the
    /// policy when there is none.
    package func check(path: String) -> (policy: Resolved?, errors: [DaemonError]) {
        let text: String
        do throws(DaemonError) {
            text = try read(path)
        } catch {
            return (nil, [error])
        }
        let (policy, errors) = PolicyParser.check(text, file: path, defaultName: Self.defaultName(path))
        return (
            policy.map { named(Resolved(policy: $0, origin: .file(path))) }, errors.map(DaemonError.policy)
        )
    }

    /// A policy of the user's policies folder goes by its file's name, the name `--policy`
    /// finds it by, whatever its `name:` says (``nameWarning(_:)`` tells of the difference);
    /// one named by a path elsewhere keeps its `name:`.
    private func named(_ resolved: Resolved) -> Resolved {
        guard case .file(let path) = resolved.origin, isInFolder(path) else { return resolved }
        var resolved = resolved
        resolved.policy.name = Self.defaultName(path)
        return resolved
    }

    /// For a policy of the user's folder whose `name:` is not its file's name: a warning
    /// saying which name it goes by; nil otherwise.
    package func nameWarning(_ resolved: Resolved) -> String? {
        guard case .file(let path) = resolved.origin, isInFolder(path),
            let text = try? read(path),
            let written = try? PolicyParser.parse(text, file: path, defaultName: Self.defaultName(path)).name,
            written != resolved.policy.name
        else { return nil }
        return "\(path): warning: name: \(written) is not the file's name; the policy goes by"
            + " \(resolved.policy.name) everywhere (rename the file, or set name: \(resolved.policy.name))"
    }

    /// Whether `path` is a file of the user's policies folder.
    private func isInFolder(_ path: String) -> Bool {
        let standard = { (path: String) in URL(fileURLWithPath: path).standardizedFileURL.path }
        return standard((path as NSString).deletingLastPathComponent) == standard(folder)
    }

    /// Reads and parses the policy file at `path`.
    package func load(path: String) throws(DaemonError) -> Resolved {
        let text = try read(path)
        do {
            return named(
                Resolved(
                    policy: try PolicyParser.parse(text, file: path, defaultName: Self.defaultName(path)),
                    origin: .file(path)
                )
            )
        } catch {
            throw .policy(error)
        }
    }

    /// The text of the file at `path`.
    private func read(_ path: String) throws(DaemonError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw .io(path: path, reason: exists ? "cannot read the file" : "no such file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .io(path: path, reason: "the file is not UTF-8 text")
        }
        return text
    }

    /// The name of a policy file without `name:`: the file's name without `.yaml`.
    private static func defaultName(_ path: String) -> String {
        ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    }

    /// A policy in `policy list`.
    package struct Listing: Sendable, Equatable {
        /// The name it is found by.
        package var name: String
        /// Where it lives.
        package var origin: Origin
        /// Whether it shadows a shipped policy of the same name.
        package var shadowsShipped: Bool
    }

    /// Every policy a name finds: the user's, then the shipped ones they do not shadow.
    package func listing() -> [Listing] {
        var user: [Listing] = []
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for file in files.sorted() where file.hasSuffix(".yaml") || file.hasSuffix(".yml") {
            let name = (file as NSString).deletingPathExtension
            guard !user.contains(where: { $0.name == name }) else { continue }
            let shadows = ShippedPolicies.names.contains(name)
            user.append(Listing(name: name, origin: .file(folder + "/" + file), shadowsShipped: shadows))
        }
        let shipped = ShippedPolicies.names.filter { name in !user.contains { $0.name == name } }
        return user + shipped.map { Listing(name: $0, origin: .shipped, shadowsShipped: false) }
    }

    /// `reference` with a relative path made absolute (from the working folder), so that it
    /// still names the same file from another folder; names are left alone.
    package func absolute(_ reference: String) -> String {
        guard !reference.hasPrefix("/"), Self.looksLikePath(reference) || isFile(reference) else {
            return reference
        }
        return FileManager.default.currentDirectoryPath + "/" + reference
    }

    static func looksLikePath(_ reference: String) -> Bool {
        reference.contains("/") || reference.hasSuffix(".yaml") || reference.hasSuffix(".yml")
    }

    private func isFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            && !isDirectory.boolValue
    }
}
