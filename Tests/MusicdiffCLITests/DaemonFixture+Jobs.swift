import Foundation

/// Sync jobs that record when they ran, for tests about what stops them and what overlaps.
extension DaemonFixture {
    /// A job that logs `start PID NANOS` and `end PID NANOS` to `spans.txt`, ending on SIGTERM
    /// or when the file `go` appears. Its stderr goes to a file: once its daemon is gone, a
    /// word to the broken pipe ("Terminated") would kill it with SIGPIPE before its trap runs.
    func spanningJob() throws -> String {
        let root = cli.root
        return try script(
            "span.sh",
            """
            exec 2>> \(root)/span.err
            echo "start $$ $(date +%s%N)" >> \(root)/spans.txt
            trap 'echo "end $$ $(date +%s%N)" >> \(root)/spans.txt; exit 143' TERM
            while [ ! -e \(root)/go ]; do sleep 0.05 & wait $!; done
            echo "end $$ $(date +%s%N)" >> \(root)/spans.txt
            """
        )
    }

    /// Whether `pid` runs: exists and is not a zombie (orphans may stay zombies where
    /// nothing reaps them, as in some containers).
    static func isRunning(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        return !stat[stat.index(after: close)...].hasPrefix(" Z")
    }

    /// The spans logged so far, per pid: (start, end) in nanoseconds.
    var spans: [(pid: String, start: Int, end: Int?)] {
        let text = (try? cli.read("spans.txt")) ?? ""
        var result: [(pid: String, start: Int, end: Int?)] = []
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ").map(String.init)
            guard fields.count == 3, let time = Int(fields[2]) else { continue }
            if fields[0] == "start" {
                result.append((fields[1], time, nil))
            } else if let index = result.firstIndex(where: { $0.pid == fields[1] }) {
                result[index].end = time
            }
        }
        return result
    }
}
