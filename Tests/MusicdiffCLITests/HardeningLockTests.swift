import Foundation
import MusicdiffCore
import MusicdiffDaemon
import MusicdiffTestSupport
import Testing

/// The daemon and the sync are found by their locks, not by what a file says, driven
/// through the real binary: a stray pid in `daemon.pid`, the file or the home folder gone,
/// a socket answering in the daemon's place.
@Suite struct HardeningLockTests {
    /// A process of this test's own that runs `arguments` and is killed when the test ends.
    final class Stray {
        let process = Process()
        var pid: Int32 { process.processIdentifier }

        init(_ arguments: [String], output: Pipe? = nil) throws {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = arguments
            if let output { process.standardOutput = output }
            try process.run()
        }

        deinit {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    func startedDaemon() throws -> (DaemonFixture, Int32) {
        let fixture = try DaemonFixture()
        try fixture.config(command: [fixture.countingScript()])
        #expect(try fixture.run("daemon", "--interval", "1d").status == 0)
        try fixture.waitFor("the first sync to end") { fixture.log.contains("Next sync in 1d") }
        return (fixture, try #require(fixture.daemonPid))
    }

    @Test func stopSignalsTheLockHolderNotThePidThePidFileNames() throws {
        let (fixture, daemon) = try startedDaemon()
        let sleeper = try Stray(["sleep", "300"])
        // As `echo $! > daemon.pid` does: the same file, its text replaced.
        try "\(sleeper.pid)\n".write(toFile: fixture.home.pidFile, atomically: false, encoding: .utf8)
        #expect(try fixture.run("daemon", "status").stdout.hasPrefix("running: pid \(daemon)"))
        let start = try fixture.run("daemon", "--interval", "1d")
        #expect(start.stderr.contains("the daemon is already running (pid \(daemon))"), "\(start.stderr)")

        let stop = try fixture.run("daemon", "stop")
        #expect(stop.stdout == "Daemon stopped (pid \(daemon))\n", "\(stop.stdout)\(stop.stderr)")
        #expect(DaemonFixture.isRunning(sleeper.pid), "the sleep was not signalled")
        #expect(!DaemonFixture.isRunning(daemon), "the daemon was")
    }

    @Test func garbageInThePidFileDoesNotHideTheDaemon() throws {
        let (fixture, daemon) = try startedDaemon()
        try "garbage\n".write(toFile: fixture.home.pidFile, atomically: false, encoding: .utf8)
        #expect(try fixture.run("daemon", "status").stdout.hasPrefix("running: pid \(daemon)"))
        let whyNot = try fixture.run("why-not")
        #expect(
            whyNot.stdout.hasPrefix("the daemon (pid \(daemon)) is not in smart mode"),
            "\(whyNot.stdout)"
        )
        #expect(try fixture.run("daemon", "stop").stdout == "Daemon stopped (pid \(daemon))\n")
    }

    @Test func aRemovedPidFileAndSocketArePutBackAndNoSecondDaemonStarts() throws {
        let (fixture, daemon) = try startedDaemon()
        let home = fixture.home
        try FileManager.default.moveItem(atPath: home.pidFile, toPath: fixture.cli.root + "/moved.pid")
        try FileManager.default.removeItem(atPath: home.readingsSocket)
        try fixture.waitFor("daemon.pid to be put back") { fixture.daemonPid == daemon }
        try fixture.waitFor("daemon.sock to be put back") {
            if case .success = ReadingsSocket.ask(
                path: home.readingsSocket,
                timeout: .seconds(1),
                daemon: daemon
            ) {
                return true
            }
            return false
        }
        let second = try fixture.run("daemon", "--interval", "1d")
        #expect(second.status == 1, "\(second.stdout)")
        #expect(second.stderr.contains("already running (pid \(daemon))"), "\(second.stderr)")
        #expect(try fixture.run("daemon", "stop").stdout == "Daemon stopped (pid \(daemon))\n")
    }

    @Test func aHomeMovedAwayIsMadeAgainAndTheDaemonStaysManaged() throws {
        let (fixture, daemon) = try startedDaemon()
        let home = fixture.home
        try FileManager.default.moveItem(atPath: home.path, toPath: fixture.cli.root + "/old-home")
        try fixture.waitFor("the home and daemon.pid to be made again") { fixture.daemonPid == daemon }
        try fixture.cli.write("home/config.yaml", try fixture.cli.read("old-home/config.yaml"))
        let second = try fixture.run("daemon", "--interval", "1d")
        #expect(second.status == 1, "a second daemon started: \(second.stdout)")
        #expect(try fixture.run("daemon", "stop").stdout == "Daemon stopped (pid \(daemon))\n")
    }

    @Test func whyNotTakesNoReadingsFromASocketTheLockHolderDoesNotListenOn() throws {
        let fixture = try DaemonFixture()
        let home = fixture.home
        // This process holds daemon.pid's lock, as a daemon would; another answers on the
        // socket with readings that name this process.
        let lock = try #require(try PidLock.acquire(at: home.pidFile))
        defer { lock.release() }
        let reply = DaemonReadings(pid: getpid(), at: Date(), snapshot: Snapshot.testing()).line()
        try Data(reply).write(to: URL(fileURLWithPath: fixture.cli.root + "/reply"))
        let ready = Pipe()
        let impostor = try Stray(
            [
                "python3", "-c",
                """
                import socket, sys
                s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.listen(4)
                print("ready", flush=True)
                data = open(sys.argv[2], "rb").read()
                while True:
                    c, _ = s.accept(); c.sendall(data); c.close()
                """,
                home.readingsSocket, fixture.cli.root + "/reply",
            ],
            output: ready
        )
        _ = ready.fileHandleForReading.readData(ofLength: 6)
        let whyNot = try fixture.run("why-not", "--policy", "laptop")
        let said = "readings: read now; the daemon (pid \(getpid())) does not answer on daemon.sock:"
        #expect(whyNot.stdout.contains("\(said) pid \(impostor.pid) ("), "\(whyNot.stdout)")
        #expect(whyNot.stdout.contains("python3"), "the impostor is named by its command line")
    }
}
