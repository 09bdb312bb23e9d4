import Foundation

/// One rule's judgement of a snapshot: whether it allows the sync, what was observed,
/// what was required, and why.
///
/// A verdict is built from the facts the rule looked at, so it always has its reason;
/// the sentences (``observed``, ``required``, ``reason``) are rendered only when shown.
package struct Verdict: Sendable, Equatable {
    /// The rule's outcome on the reading.
    package enum Status: Sendable, Equatable {
        /// The requirement is met.
        case pass
        /// The requirement is not met.
        case fail
        /// The reading is unknown; `on_unknown` decides whether it blocks.
        case unknown
    }

    /// The rule.
    package let rule: Rule
    /// Its outcome.
    package let status: Status
    /// Whether this verdict keeps the sync from running.
    package let blocks: Bool
    /// The `max_deferral` waiver that lifted this verdict's failure, if one did.
    package let waivedBy: Waiver?
    /// The relax step that judged this verdict (replaced its rule or turned it off), if one did.
    package let step: StepMark?
    /// Whether the reading was assumed (`why-not --assume`) rather than read.
    package internal(set) var assumed = false
    /// What the rule looked at.
    let finding: Finding
    /// The policy's `on_unknown`, which words unknown verdicts.
    let onUnknown: UnknownPolicy
    /// Whether this judges a running sync (a `while_running` rule) rather than a start.
    let whileRunning: Bool

    init(
        _ finding: Finding,
        of rule: Rule? = nil,
        status: Status,
        onUnknown: UnknownPolicy,
        waiver: Waiver?,
        step: StepMark? = nil,
        whileRunning: Bool = false
    ) {
        let rule = rule ?? finding.rule
        self.rule = rule
        self.step = step
        self.status = status
        self.finding = finding
        self.onUnknown = onUnknown
        self.whileRunning = whileRunning
        let objects = status == .fail || (status == .unknown && onUnknown == .block)
        let waived = objects && waiver != nil && rule != .minGap
        self.waivedBy = waived ? waiver : nil
        self.blocks = objects && !waived && step?.off != true
    }

    /// A `while_running` rule's verdict on a running sync: an unknown reading never stops it,
    /// and no waiver lifts a stop.
    static func whileRunning(_ finding: Finding, _ status: Status) -> Verdict {
        Verdict(finding, status: status, onUnknown: .pass, waiver: nil, whileRunning: true)
    }

    /// `true` when met, `false` when not, nil when the reading is unknown (the JSON `ok`).
    package var ok: Bool? {
        switch status {
        case .pass: true
        case .fail: false
        case .unknown: nil
        }
    }
}

/// The `max_deferral` waiver: the pending sync has been overdue at least this long, so only
/// `min_gap` still holds.
package struct Waiver: Sendable, Equatable {
    /// How long the sync has been overdue.
    package var overdue: Duration
    /// The policy's `max_deferral`.
    package var maxDeferral: Duration
}
