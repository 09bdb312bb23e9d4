import Foundation
import MusicdiffCore

/// Idle time without logind: since when the interrupt counts of input devices in
/// `/proc/interrupts` (lines naming i8042, keyboard, mouse, touchpad or hid) last changed,
/// and since when the user's terminals were last touched, whichever is later; never earlier
/// than the boot (`/proc/uptime`), since no one can have been idle for longer than the
/// machine has been up (a terminal's time or the remembered counts may predate it).
///
/// One reading of `/proc/interrupts` cannot tell when the counts last moved, so the sensor
/// remembers the last counts it saw and when they changed, in an ``InputActivityMemory``.
package struct ProcIdleSensor: Sendable {
    /// The `/proc` tree, and the `/dev` tree whose `pts/*` and `tty*` access times say when
    /// a terminal last had input.
    package let paths: SensorPaths
    /// The user whose terminals count.
    package let uid: uid_t
    /// Where the last input-device counts are remembered.
    package let memory: any InputActivityMemory

    /// The words that mark an input device's line in `/proc/interrupts`.
    static let inputWords = ["i8042", "keyboard", "mouse", "touchpad", "hid"]

    /// Creates the sensor.
    package init(paths: SensorPaths, uid: uid_t = getuid(), memory: any InputActivityMemory) {
        self.paths = paths
        self.uid = uid
        self.memory = memory
    }

    /// Reads the idle state at `now`.
    package func read(now: Date) -> Reading<IdleState> {
        let interrupts = interruptActivity(now: now)
        let terminal = TerminalActivity.latest(in: paths.dev, uid: uid)
        var sources: [String] = []
        var lastActive: Date?
        if case .success(let activity) = interrupts {
            lastActive = activity.changedAt
            sources.append(activity.firstSeen ? "/proc/interrupts, counting from now" : "/proc/interrupts")
        }
        if let terminal {
            lastActive = max(lastActive ?? terminal, terminal)
            sources.append("terminals")
        }
        guard let lastActive else {
            if case .failure(let failure) = interrupts {
                return .unknown(reason: failure.reason + "; no terminals")
            }
            return .unknown(reason: "no input activity readable")
        }
        var since: Date? = lastActive >= now ? nil : lastActive
        if let boot = bootTime(now: now), let idleSince = since, idleSince < boot {
            since = boot
            sources.append("no earlier than the boot")
        }
        return .known(IdleState(idleSince: since, source: sources.joined(separator: " and ")))
    }

    /// When the machine booted, from `/proc/uptime`; nil when it cannot be read.
    func bootTime(now: Date) -> Date? {
        guard case .success(let text) = SysFile.readOrReason(paths.proc + "/uptime"),
            let first = text.split(separator: " ").first,
            case .success(let uptime) = OutsideNumber.seconds.named("uptime").check(text: first)
        else { return nil }
        return now.addingTimeInterval(-uptime)
    }

    private func interruptActivity(
        now: Date
    ) -> Result<(changedAt: Date, firstSeen: Bool), SysFile.ReadFailure> {
        let path = paths.proc + "/interrupts"
        let text: String
        switch SysFile.readOrReason(path) {
        case .failure(let failure): return .failure(failure)
        case .success(let read): text = read
        }
        guard let total = Self.inputInterrupts(text) else {
            return .failure(SysFile.ReadFailure(reason: "\(path) lists no input devices"))
        }
        if let last = memory.load(), last.total == total {
            return .success((last.changedAt, false))
        }
        let firstSeen = memory.load() == nil
        memory.save(InputActivity(total: total, changedAt: now))
        return .success((now, firstSeen))
    }

    /// The sum of the interrupt counts of input devices, or nil when none is listed.
    static func inputInterrupts(_ text: String) -> UInt64? {
        var lines = text.split(separator: "\n")
        guard let header = lines.first else { return nil }
        let cpus = header.split(separator: " ").filter { $0.hasPrefix("CPU") }.count
        lines.removeFirst()
        var total: UInt64?
        for line in lines {
            let lowered = line.lowercased()
            guard inputWords.contains(where: lowered.contains) else { continue }
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count > 1, fields[0].hasSuffix(":") else { continue }
            let counts = fields.dropFirst().prefix(cpus).compactMap { UInt64($0) }
            total = (total ?? 0) + counts.reduce(0, &+)
        }
        return total
    }
}
