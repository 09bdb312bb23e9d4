import Foundation

/// A child process (`/bin/sleep`) holding a file open as its standard input, as a video call
/// holds `/dev/video0`: the test's own descriptor is closed once the child has it, so only
/// the child is seen with it in `/proc/PID/fd`.
package final class HeldFile: Sendable {
    private let child: ChildProcess

    /// The holder's process id.
    package var pid: pid_t { child.pid }

    /// Starts the holder of `path`.
    package init(_ path: String) throws {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        child = try ChildProcess("/bin/sleep", ["600"], input: handle)
    }

    /// Ends the holder (`SIGKILL`) and waits for it: the file is closed on return.
    package func close() { child.kill() }
}
