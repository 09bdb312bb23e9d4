import CLinux
import MusicdiffCore
import MusicdiffRuntime
import SystemPackage

/// How gently the sync job runs, so that a sync does not make the machine feel slow: its CPU
/// niceness (`sync.nice`, `setpriority(2)`) and I/O class (`sync.io_class`, `ioprio_set(2)`).
///
/// Both are set on the job's whole process group the moment it has started, before the daemon
/// says it runs: swift-subprocess has no hook to run code between `fork` and `exec` on Linux,
/// so a job's very first instructions may run at the daemon's priority, but everything it
/// starts in its group gets the job's (a child inherits them, and one already forked is in
/// the group that is set).
package struct JobPriority: Sendable, Equatable, CustomStringConvertible {
    /// The niceness, 0 (normal) to 19 (lowest).
    package var nice: Int
    /// The I/O class; ``Config/IOClass/none`` leaves the daemon's.
    package var ioClass: Config.IOClass

    /// The best-effort level used for ``Config/IOClass/bestEffort``: the lowest of 0–7.
    static let bestEffortLevel: Int32 = 7

    /// Creates a priority; the defaults are `config.yaml`'s.
    package init(nice: Int = 10, ioClass: Config.IOClass = .idle) {
        self.nice = nice
        self.ioClass = ioClass
    }

    /// The priority `config.yaml`'s `sync:` section asks for.
    package init(config: Config.Sync) {
        self.init(nice: config.nice, ioClass: config.ioClass)
    }

    /// `nice 10, I/O idle`: for the log's start line and `why-not`'s running line.
    package var description: String { "nice \(nice), \(ioWords)" }

    /// `I/O idle`, `I/O best-effort 7`, or `I/O unchanged`.
    var ioWords: String {
        switch ioClass {
        case .idle: "I/O idle"
        case .bestEffort: "I/O best-effort \(Self.bestEffortLevel)"
        case .none: "I/O unchanged"
        }
    }

    /// The class and level `ioprio_set(2)` takes; nil for ``Config/IOClass/none``.
    var ioPriority: (ioClass: Int32, level: Int32)? {
        switch ioClass {
        case .idle: (3, 0)
        case .bestEffort: (2, Self.bestEffortLevel)
        case .none: nil
        }
    }

    /// Sets the priority on every process of group `group`; the words of what took, like
    /// ``description``, with what the system refused (`nice 10 (not set: Permission denied)`).
    func apply(toGroup group: Int32) -> String {
        var words = "nice \(nice)"
        if case .failure(let error) = SystemCall.retrying({ musicdiff_set_group_nice(group, Int32(nice)) }) {
            words += " (not set: \(error.description))"
        }
        words += ", " + ioWords
        if let (ioClass, level) = ioPriority,
            case .failure(let error) = SystemCall.retrying({
                musicdiff_set_group_ioprio(group, ioClass, level)
            })
        {
            words += " (not set: \(error.description))"
        }
        return words
    }
}
