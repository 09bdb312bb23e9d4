import Foundation
import MusicdiffCore
import MusicdiffRuntime
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

extension DaemonLoop {
    /// Answers `why-not` on ``MusicdiffHome/readingsSocket`` with the readings the sensors
    /// hold, until cancelled, and keeps the daemon findable: when `daemon.pid` or the socket
    /// is removed, moved away or replaced, or the home folder itself goes, they are put back
    /// (``guardFiles()``), woken only by the folder's changes (``HomeWatch``). Without the
    /// socket, `why-not` reads the sensors itself.
    func serveReadings() async {
        let home = parts.home
        let watch = HomeWatch(
            folder: home.path,
            names: [MusicdiffHome.readingsSocketName, (home.pidFile as NSString).lastPathComponent]
        )
        if watch == nil { logger.warning("Cannot watch \(home.path) for daemon.pid and daemon.sock going") }
        var listener = listen()
        var serving = listener.map { serve($0) }
        defer {
            serving?.cancel()
            listener?.close()
        }
        while !Task.isCancelled {
            guard let watch else {
                // Nothing to watch: wait for the cancellation (a stream's iteration ends with it).
                let (never, continuation) = AsyncStream<Never>.makeStream()
                for await _ in never {}
                continuation.finish()
                return
            }
            guard let change = try? await watch.next() else { return }
            if change == .none { continue }
            if change == .folder { restoreFolder(watch) }
            guardFiles()
            guard listener?.isAtPath != true else { continue }
            serving?.cancel()
            await serving?.value
            listener?.close()
            listener = listen()
            serving = listener.map { serve($0) }
            if listener != nil {
                logger.warning("\(home.readingsSocket) was removed or replaced; listening on it again")
            }
        }
    }

    /// Puts `daemon.pid` back when it was removed, moved away, replaced or overwritten; when
    /// another process holds the file now at its path, another daemon started beside this
    /// one, which could no longer be managed: this one stops, so that one daemon runs.
    func guardFiles() {
        guard let lock = parts.pidLock else { return }
        switch lock.reclaim() {
        case .unchanged:
            break
        case .restored:
            logger.warning(
                "\(lock.path) was removed, moved or changed; it is put back, naming pid \(getpid())"
            )
        case .takenBy(let pid):
            let holder = pid.map { RunningProcess(pid: $0).description } ?? "another process"
            logger.error(
                "\(lock.path) is held by \(holder) now: a second daemon started beside this one; this one stops so that one daemon runs"
            )
            kill(getpid(), SIGTERM)
        case .failed(let error):
            logger.error(
                "Cannot put \(lock.path) back: \(error); musicdiff daemon stop cannot find this daemon"
            )
        }
    }

    /// Makes the home folder again after it was removed or moved away, and watches it.
    private func restoreFolder(_ watch: HomeWatch) {
        do {
            try parts.home.create()
            guard watch.rewatch() else {
                logger.error("Cannot watch \(parts.home.path) again: \(Errno.current.description)")
                return
            }
            logger.warning("\(parts.home.path) was removed or moved away; it is made again")
        } catch {
            logger.error(
                "Cannot make \(parts.home.path) again: \(error); musicdiff daemon stop cannot find this daemon"
            )
        }
    }

    private func listen() -> ReadingsSocket.Listener? {
        do {
            return try ReadingsSocket.Listener(path: parts.home.readingsSocket)
        } catch {
            logger.warning("why-not will read the sensors itself: \(error)")
            return nil
        }
    }

    private func serve(_ listener: ReadingsSocket.Listener) -> Task<Void, Never> {
        Task {
            await listener.serve({ self.readings().line() }) { request in
                request == ReloadRecord.request ? self.reloads.withLock { $0 }.line() : nil
            }
        }
    }

    /// The readings the sensors hold now (none in interval or cron mode), and what the
    /// machine the loop last published says on them.
    func readings() -> DaemonReadings {
        let now = parts.clock.now()
        // The state store's readings are the asker's to read; only the machine's are sent.
        let snapshot = sensors.withLock { $0 }?.snapshot(now: now, lastSync: .known(.never), dueSince: nil)
        var reply = DaemonReadings(pid: getpid(), at: now, snapshot: snapshot)
        if let (machine, held) = published.withLock({ $0 }) {
            reply.loop = LoopView(
                machine: machine,
                fresh: snapshot ?? Snapshot.unread(),
                held: held,
                status: lastStatus.withLock { $0 } ?? "",
                now: now
            )
        }
        return reply
    }
}
