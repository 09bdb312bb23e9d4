import Foundation
import MusicdiffCore
import MusicdiffRuntime

#if canImport(Glibc)
    import Glibc
#endif

extension DaemonControl {
    /// `musicdiff daemon reload`: asks the daemon on `daemon.sock` how many reloads it has
    /// done, sends SIGHUP (through a pid descriptor, to the lock holder only), and waits up to
    /// `timeout` for the count to grow. Returns the new settings' summary; throws with the
    /// file:line:col error of a config or policy the daemon refused (it keeps the last good
    /// ones), or with what kept the answer away (a stopped or busy daemon).
    package static func reload(home: MusicdiffHome, timeout: Duration) throws(DaemonError) -> String {
        let (pid, daemon) = try running(home)
        let deadline = ContinuousClock.now.advanced(by: timeout)
        let before = try reloads(home: home, pid: pid, deadline: deadline, timeout: timeout, signalled: false)
            .get()
        try send(SIGHUP, to: daemon, home)
        // The reload itself takes milliseconds and sends no event this command could wait on:
        // ask again every 10 ms.
        var answer: Result<String, DaemonError>?
        _ = SystemCall.poll(every: .milliseconds(10), until: deadline) {
            switch reloads(home: home, pid: pid, deadline: deadline, timeout: timeout, signalled: true) {
            case .failure(let error): answer = .failure(error)
            case .success(let record) where record.count > before.count:
                switch record.outcome {
                case .reloaded(let summary): answer = .success(summary)
                case .failed(let message):
                    answer = .failure(.reload(message + " (the daemon keeps its last good configuration)"))
                case .none: break
                }
            case .success: break
            }
            return answer != nil
        }
        guard let answer else {
            throw .reload(
                "the daemon (pid \(pid)) took SIGHUP but reported no reload within "
                    + "\(DurationText.format(timeout)); see \(home.logFile)"
            )
        }
        return try answer.get()
    }

    /// The daemon's reload record, asked with what is left of `timeout`.
    private static func reloads(
        home: MusicdiffHome,
        pid: Int32,
        deadline: ContinuousClock.Instant,
        timeout: Duration,
        signalled: Bool
    ) -> Result<ReloadRecord, DaemonError> {
        let left = max(deadline - ContinuousClock.now, .milliseconds(1))
        let asked = ReadingsSocket.exchange(
            path: home.readingsSocket,
            request: ReloadRecord.request,
            timeout: left,
            daemon: pid
        ).flatMap { ReloadRecord.parse($0) }
        switch asked {
        case .success(let record) where record.pid == pid:
            return .success(record)
        case .success(let record):
            return .failure(
                .reload("\(home.readingsSocket) answers for pid \(record.pid), not the daemon (pid \(pid))")
            )
        case .failure(let failure):
            var words = "the daemon (pid \(pid)) "
            if case .noAnswer = failure {
                words +=
                    "did not answer on \(MusicdiffHome.readingsSocketName) within \(DurationText.format(timeout))"
                words +=
                    isStopped(pid)
                    ? ": it is stopped (SIGSTOP or Ctrl-Z); kill -CONT \(pid) resumes it" : ": it is busy"
            } else {
                words += failure.description
            }
            words += signalled ? "; it reloads once it runs again" : "; nothing was reloaded"
            return .failure(.reload(words))
        }
    }

    /// Whether process `pid` is stopped (state `T` or `t` in `/proc/PID/stat`).
    static func isStopped(_ pid: Int32) -> Bool {
        guard let stat = FileText.read("/proc/\(pid)/stat", limit: 4096),
            let close = stat.lastIndex(of: ")")
        else { return false }
        let state = stat[stat.index(after: close)...].drop(while: { $0 == " " }).first
        return state == "T" || state == "t"
    }
}
