import ArgumentParser
import Foundation
import MusicdiffDaemon

/// Tab completion of a policy argument: the names a policy is found by (the user's, then
/// the shipped ones), and the YAML files and folders of the path being typed.
enum PolicyCompletion {
    /// For `completion:` of a policy argument or option.
    static let kind = CompletionKind.custom { _, _, prefix in candidates(prefix) }

    /// The names and paths that start with `prefix`.
    static func candidates(_ prefix: String) -> [String] {
        let names = Environment().resolver.listing().map(\.name).filter { $0.hasPrefix(prefix) }
        return names + files(prefix)
    }

    /// The `.yaml` and `.yml` files and the folders whose path starts with `prefix`, folders
    /// with a trailing `/`; hidden ones only when `prefix` names a hidden one.
    static func files(_ prefix: String) -> [String] {
        let slash = prefix.lastIndex(of: "/")
        let folder = slash.map { String(prefix[...$0]) } ?? ""
        let start = slash.map { String(prefix[prefix.index(after: $0)...]) } ?? prefix
        let expanded = folder.hasPrefix("~/") ? NSHomeDirectory() + folder.dropFirst() : folder
        let entries =
            (try? FileManager.default.contentsOfDirectory(atPath: expanded.isEmpty ? "." : expanded)) ?? []
        return entries.sorted().compactMap { entry in
            guard entry.hasPrefix(start), start.hasPrefix(".") || !entry.hasPrefix(".") else { return nil }
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(
                atPath: (expanded.isEmpty ? "." : expanded) + "/" + entry,
                isDirectory: &isFolder
            )
            if isFolder.boolValue { return folder + entry + "/" }
            return entry.hasSuffix(".yaml") || entry.hasSuffix(".yml") ? folder + entry : nil
        }
    }
}
