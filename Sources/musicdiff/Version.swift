/// The version of musicdiff, the one place it is written: `musicdiff --version` prints it, and
/// `scripts/package` takes the Debian package's version from that output.
enum Version {
    /// `0.1.0`.
    static let current = "0.1.0"
}
