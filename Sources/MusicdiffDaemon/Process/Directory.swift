#if canImport(Glibc)
    import Glibc
#endif

/// A folder's entries, read with `readdir`: what the `/proc` walks need, without
/// `FileManager`, which sorts and bridges each name.
enum Directory {
    /// The names in the folder at `path`, `.` and `..` included, in the order the file
    /// system gives them; nil when it cannot be opened (`errno` says why).
    static func names(at path: String) -> [String]? {
        guard let directory = opendir(path) else { return nil }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            names.append(
                withUnsafeBytes(of: entry.pointee.d_name) {
                    String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
                }
            )
        }
        return names
    }
}
