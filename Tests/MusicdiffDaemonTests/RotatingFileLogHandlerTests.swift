import Foundation
import Logging
import Testing

@testable import MusicdiffDaemon

@Suite struct RotatingFileLogHandlerTests {
    let folder: ScratchFolder
    var path: String { folder.file("daemon.log") }
    let utc = TimeZone(identifier: "UTC")!

    init() throws { folder = try ScratchFolder("musicdiff-log") }

    @Test func linesHaveTheOriginalFormatWithMetadataAfterTheMessage() {
        let line = RotatingFileLogHandler.line(
            at: Date(timeIntervalSince1970: 1_800_000_000.125),
            level: .info,
            label: "musicdiff",
            message: "Sync completed: 12 changes",
            metadata: ["sync.changes": "12", "sync.outcome": "success", "note": "two words", "empty": ""],
            timeZone: utc
        )
        #expect(
            line
                == #"2027-01-15 08:00:00,125 - musicdiff - INFO - Sync completed: 12 changes empty="" note="two words" sync.changes=12 sync.outcome=success"#
        )
    }

    @Test func timestampsAreLocalTime() {
        let date = Date(timeIntervalSince1970: 1_800_000_000.5)
        #expect(
            RotatingFileLogHandler.timestamp(date, timeZone: TimeZone(identifier: "Europe/Paris")!)
                == "2027-01-15 09:00:00,500"
        )
        #expect(
            RotatingFileLogHandler.timestamp(date, timeZone: TimeZone(secondsFromGMT: -5 * 3600)!)
                == "2027-01-15 03:00:00,500"
        )
    }

    @Test(arguments: [
        (Logger.Level.trace, "DEBUG"), (.debug, "DEBUG"), (.info, "INFO"), (.notice, "INFO"),
        (.warning, "WARNING"),
        (.error, "ERROR"), (.critical, "CRITICAL"),
    ])
    func levelsAreNamedAsPythonNamesThem(level: Logger.Level, name: String) {
        #expect(RotatingFileLogHandler.levelName(level) == name)
    }

    @Test func aLoggerWritesTheOriginalsFormatAndMetadataOnlyOnDebugLines() throws {
        let file = RotatingLogFile(path: path)
        var logger = Logger(label: "musicdiff") { RotatingFileLogHandler(label: $0, file: file) }
        logger[metadataKey: "daemon.mode"] = "smart"
        logger.debug("not written: below the level")
        logger.warning("Sync partial: 3 changes, 1 failed", metadata: ["sync.failed": "1"])
        logger.logLevel = .debug
        logger.debug("Sync due, but the policy says not now", metadata: ["policy.blockers": "battery"])
        let text = try #require(folder.read("daemon.log"))
        let pattern =
            #/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} - musicdiff - WARNING - Sync partial: 3 changes, 1 failed\n\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} - musicdiff - DEBUG - Sync due, but the policy says not now daemon.mode=smart policy.blockers=battery\n$/#
        #expect(text.wholeMatch(of: pattern) != nil, "\(text)")
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func theFileRotatesKeepingExactlyTheBackupCount() throws {
        let file = RotatingLogFile(path: path, maxBytes: 100, backupCount: 3)
        for index in 1...40 {
            file.write("line \(String(format: "%03d", index)) " + String(repeating: "x", count: 20))
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names == ["daemon.log", "daemon.log.1", "daemon.log.2", "daemon.log.3"])
        for name in names {
            let size = try #require(
                try FileManager.default.attributesOfItem(atPath: folder.file(name))[.size] as? Int
            )
            #expect(size > 0 && size < 100, "\(name) is \(size) bytes")
        }
        // Lines of 30 bytes: three to a file, the newest in daemon.log, the oldest dropped.
        #expect(
            folder.read("daemon.log")?.hasSuffix("line 040 " + String(repeating: "x", count: 20) + "\n")
                == true
        )
        #expect(folder.read("daemon.log.3")?.hasPrefix("line 031 ") == true)
    }

    @Test func theDefaultKeepsFiveBackups() throws {
        #expect(RotatingLogFile.defaultBackupCount == 5)
        let file = RotatingLogFile(path: path, maxBytes: 100)
        for index in 1...60 {
            file.write("line \(String(format: "%03d", index)) " + String(repeating: "x", count: 20))
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names == ["daemon.log"] + (1...5).map { "daemon.log.\($0)" })
        // Three lines to a file: the oldest kept is the first of the fifth backup.
        #expect(folder.read("daemon.log.5")?.hasPrefix("line 043 ") == true)
    }

    @Test func zeroLimitsNeverRotate() throws {
        let file = RotatingLogFile(path: path, maxBytes: 0, backupCount: 3)
        for index in 1...20 { file.write("line \(index)") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["daemon.log"])
    }

    @Test func aRemovedFileIsCreatedAgain() throws {
        let file = RotatingLogFile(path: path)
        file.write("first")
        try FileManager.default.removeItem(atPath: path)
        file.write("second")
        #expect(folder.read("daemon.log") == "second\n")
        try FileManager.default.moveItem(atPath: path, toPath: path + ".old")
        file.write("third")
        #expect(folder.read("daemon.log") == "third\n")
        #expect(folder.read("daemon.log.old") == "second\n")
    }

    @Test func anUnwritableFileDoesNotReachTheCallerAndTheNextLineSaysWhatWasLost() throws {
        let file = RotatingLogFile(path: folder.file("later/daemon.log"))
        file.write("lost, but nothing crashes")
        file.write("lost again, reported only once")
        #expect(folder.read("later/daemon.log") == nil)
        try FileManager.default.createDirectory(
            atPath: folder.file("later"),
            withIntermediateDirectories: false
        )
        file.write("written")
        let text = try #require(folder.read("later/daemon.log"))
        #expect(text.hasPrefix("2 log lines lost: cannot open: No such file or directory\n"), "\(text)")
        #expect(text.hasSuffix("\nwritten\n"), "\(text)")
    }

    @Test func linesFromManyThreadsNeverInterleave() async throws {
        let file = RotatingLogFile(path: path)
        await withTaskGroup(of: Void.self) { group in
            for writer in 0..<8 {
                group.addTask {
                    for index in 0..<200 {
                        file.write("writer \(writer) line \(index) " + String(repeating: "z", count: 100))
                    }
                }
            }
        }
        let lines = try #require(folder.read("daemon.log")).split(separator: "\n")
        #expect(lines.count == 1_600)
        #expect(
            lines.allSatisfy { $0.hasPrefix("writer ") && $0.hasSuffix(String(repeating: "z", count: 100)) }
        )
    }
}
