import Foundation

extension Verdict {
    /// What the rule saw, in a few words: `on battery, 23%`; an assumed reading says so
    /// in place of its source: `on AC, 23% (assumed)`, `idle 20m (assumed)`.
    package var observed: String { assumed ? finding.facts.assumedSeen : finding.facts.seen }

    /// What the rule requires, in a few words: `AC or >= 40%`.
    package var required: String { finding.facts.required }

    /// The rule's name with the relax step that judged it, as `why-not` lists it:
    /// `network (relaxed at 24h: online)`, `idle (off at 36h)`, or just `battery`.
    package var label: String {
        guard let step else { return rule.rawValue }
        let after = DurationText.hours(step.after)
        return step.off
            ? "\(rule.rawValue) (off at \(after))" : "\(rule.rawValue) (relaxed at \(after): \(required))"
    }

    /// One sentence saying why the rule passed, failed or could not tell.
    package var reason: String {
        var text = status == .unknown ? unknownReason : finding.facts.knownReason(status)
        if let step, step.off, status == .fail || (status == .unknown && onUnknown == .block) {
            text += "; off since the relax step at \(DurationText.hours(step.after))"
        }
        if let waiver = waivedBy {
            text +=
                "; waived: the sync is overdue by \(DurationText.format(waiver.overdue)),"
                + " max_deferral is \(DurationText.hours(waiver.maxDeferral))"
        }
        return text
    }

    private var unknownReason: String {
        let outcome =
            whileRunning
            ? "does not stop a running sync"
            : onUnknown == .pass
                ? "passes (on_unknown: pass)" : "blocks until it can be read (on_unknown: block)"
        return "\(finding.facts.unknownCause); the rule \(outcome)"
    }
}
