import Foundation

/// A sync job that tells what it was started with: its pid in `job.pid` at once, then, when
/// the file `go` appears (or at once with `wait: false`), its niceness, I/O class and
/// `MUSICDIFF_*` variables in `seen.txt`, one `NAME=VALUE` a line; it then ends, or with
/// `stay` runs until SIGTERM.
extension DaemonFixture {
    func seeingJob(wait: Bool = true, stay: Bool = true) throws -> String {
        let root = cli.root
        return try script(
            "seeing.sh",
            """
            exec 2>> \(root)/seeing.err
            trap 'exit 143' TERM
            echo $$ > \(root)/job.pid.new && mv \(root)/job.pid.new \(root)/job.pid
            \(wait ? "while [ ! -e \(root)/go ]; do sleep 0.05 & wait $!; done" : "")
            {
              echo "nice=$(sed 's/.*) //' /proc/$$/stat | cut -d' ' -f17)"
              echo "ionice=$(ionice -p $$)"
              env | grep '^MUSICDIFF_' | sort
            } > \(root)/seen.new && mv \(root)/seen.new \(root)/seen.txt
            \(stay ? "while :; do sleep 0.05 & wait $!; done" : "")
            """
        )
    }

    /// The job's pid, once it has written it.
    var seeingPid: Int32? {
        (try? cli.read("job.pid")).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// What the job saw, by name; empty until it has written it.
    var seen: [String: String] {
        let text = (try? cli.read("seen.txt")) ?? ""
        return Dictionary(
            text.split(separator: "\n").compactMap { line in
                line.firstIndex(of: "=").map { (String(line[..<$0]), String(line[line.index(after: $0)...])) }
            },
            uniquingKeysWith: { $1 }
        )
    }

    /// Starts `musicdiff gate ARGUMENTS` without waiting for it, with the mock bus, its
    /// stdout to nothing and its stderr to `gate.err`.
    func launchGate(_ arguments: [String]) throws -> Process {
        let errors = cli.root + "/gate.err"
        _ = FileManager.default.createFile(atPath: errors, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: MusicdiffProcess.binary)
        process.arguments = ["gate"] + arguments
        process.environment = cli.runner.environment.merging(busEnvironment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(forWritingAtPath: errors)
        try process.run()
        return process
    }

    /// Lets the job write what it sees, and waits until it has.
    func letTheJobLook() throws {
        try cli.write("go", "")
        try waitFor("what the job saw") { !seen.isEmpty }
    }
}
