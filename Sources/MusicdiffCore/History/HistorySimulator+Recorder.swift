import Foundation

extension HistorySimulator {
    /// Plays the simulated days through the daemon's own state machine (``DaemonMachine``):
    /// the simulator only says what happens when (readings change, the daemon goes down and
    /// comes back, a job ends); every decision is the machine's.
    struct Recorder {
        let simulator: HistorySimulator
        /// Network readings that override the script's, for the stops.
        var overlays: [(span: Range<Date>, network: Reading<NetworkState>)] = []
        var used: Set<Date> = []

        init(simulator: HistorySimulator) { self.simulator = simulator }

        /// What the daemon records from `start` to `end`.
        mutating func play(from start: Date, to end: Date) -> (moments: [RecordedMoment], runs: [RecordedRun])
        {
            let length = simulator.runLength
            var script = MachineScript(
                setup: DaemonMachine.Setup(
                    plan: simulator.plan,
                    policy: simulator.policy,
                    scheduleKey: "simulated"
                ),
                utcOffset: simulator.utcOffset,
                plan: { now in Job(start: now, end: now.adding(length), result: .synced) }
            )
            var now = start
            script.start(at: now, readings: readings(at: now), lastSync: nil)
            startedJob(&script)
            var sameInstant = 0
            // The readings last fed: the next change is the first after them.
            var readingsAt = now
            while true {
                let down = simulator.down.first { $0.lowerBound > now || ($0.contains(now) && script.up) }
                let change = nextChange(after: readingsAt, before: end)
                let times: [Date?] = [
                    script.job?.end, change, script.wakeAt, down.map { max($0.lowerBound, now) },
                ]
                guard let next = times.compactMap({ $0 }).min(), next < end else { break }
                sameInstant = next == now ? sameInstant + 1 : 0
                precondition(sameInstant < 1000, "the simulated daemon decides at \(now) for ever")
                now = next
                if let down, down.contains(now) {
                    script.stop(at: now)
                    now = down.upperBound
                    guard now < end else { break }
                    readingsAt = now
                    script.start(at: now, readings: readings(at: now), lastSync: nil)
                } else if let job = script.job, job.end == now {
                    script.endJob()
                } else if change == now {
                    readingsAt = now
                    script.feed(.readings(readings(at: now)), at: now)
                } else {
                    script.feed(.timeReached, at: now)
                }
                startedJob(&script)
            }
            return (script.moments, Replay.runs(in: script.moments))
        }

        typealias Job = MachineScript.Job

        /// After a job started: the first to start at or after a stop moment meets a metered
        /// network two minutes in, for a minute, as on a train's hotspot.
        mutating func startedJob(_ script: inout MachineScript) {
            guard let job = script.job,
                let stop = simulator.stops.first(where: { $0 <= job.start && !used.contains($0) })
            else { return }
            used.insert(stop)
            let from = job.start.adding(.seconds(120))
            overlays.append(
                (from..<from.adding(.seconds(60)), HistorySimulator.network(.guessYes, .wifi, "Pixel"))
            )
        }

        /// The readings at `date`, overlays applied.
        func readings(at date: Date) -> Snapshot {
            var snapshot = simulator.readings(at: date)
            if let overlay = overlays.first(where: { $0.span.contains(date) }) {
                snapshot.network = overlay.network
            }
            return snapshot
        }

        /// The first reading change (of the script or an overlay) after `date`, before `limit`.
        func nextChange(after date: Date, before limit: Date) -> Date? {
            let edges = overlays.flatMap { [$0.span.lowerBound, $0.span.upperBound] }.filter {
                $0 > date && $0 < limit
            }
            return ([simulator.nextChange(after: date, before: limit)] + edges).compactMap { $0 }.min()
        }
    }
}
