import Foundation
import GRDB
import MusicdiffCore
import Testing

@testable import MusicdiffDaemon

/// The wire format of `daemon.sock` and the store's `tick` columns follow the one list of
/// machine readings: a reading added to ``MachineReading`` that either of them misses fails
/// here, not silently as an unknown reading in `why-not` or `replay`.
@Suite struct ReadingListTests {
    static let at = Date(timeIntervalSince1970: 1_764_632_084)

    static func reply() -> [String] {
        let snapshot = Snapshot.unread()
        let text = String(decoding: DaemonReadings(pid: 7, at: at, snapshot: snapshot).line(), as: UTF8.self)
        return text.split(separator: "\n").map(String.init)
    }

    @Test(arguments: MachineReading.allCases)
    func theReplyHasALineForEachReadingAndIsRefusedWithoutIt(_ reading: MachineReading) {
        let lines = Self.reply()
        #expect(lines.contains { $0.hasPrefix(reading.rawValue + "\t") })
        let without = lines.filter { !$0.hasPrefix(reading.rawValue + "\t") }.joined(separator: "\n") + "\n"
        guard case .failure(let failure) = DaemonReadings.parse(Array(without.utf8)) else {
            Issue.record("a reply without the \(reading) line was read")
            return
        }
        #expect(failure == .unreadable("a reading it cannot read"))
    }

    @Test(arguments: MachineReading.allCases)
    func theStoreHasTheColumnsOfEachReading(_ reading: MachineReading) throws {
        let queue = try DatabaseQueue()
        try StateSchema.migrator.migrate(queue)
        let columns = try queue.read { db in try db.columns(in: "tick").map(\.name) }
        let laidOut = MomentRow.places.filter { $0.reading == reading }.flatMap { $0.columns.map(\.name) }
        #expect(!laidOut.isEmpty)
        for column in laidOut {
            #expect(columns.contains(column), "\(reading): no column \(column) in the tick table")
        }
    }

    /// Whether `snapshot`'s `reading` is known.
    static func isKnown(_ reading: MachineReading, in snapshot: Snapshot) -> Bool {
        func known<State: MachineState>(_: State.Type) -> Bool { snapshot[State.self].value != nil }
        return known(reading.state)
    }

    @Test(arguments: MachineReading.allCases)
    func eachReadingCrossesTheSocketAsItIs(_ reading: MachineReading) throws {
        let snapshot = Snapshot.everyReadingKnown(at: Self.at)
        let line = DaemonReadings(pid: 7, at: Self.at, snapshot: snapshot).line()
        let machine = try #require(try DaemonReadings.parse(line).get().machine)
        func same<State: MachineState>(_: State.Type) -> Bool {
            machine.readings[State.self] == snapshot[State.self]
        }
        let came = same(reading.state)
        #expect(came, "\(reading) came back as \(machine.readings)")
    }

    @Test(arguments: MachineReading.allCases)
    func theStoreKeepsEachReading(_ reading: MachineReading) throws {
        let folder = try ScratchFolder()
        let store = try StateStore.open(path: folder.file("state.sqlite"))
        let snapshot = Snapshot.everyReadingKnown(at: Self.at)
        try store.record(RecordedMoment(at: Self.at, kind: .decision, policy: "laptop", readings: snapshot))
        let moments = try store.moments(from: Self.at.addingTimeInterval(-60))
        #expect(moments.count == 1)
        #expect(moments.allSatisfy { Self.isKnown(reading, in: $0.readings) }, "\(reading) was not kept")
    }
}
