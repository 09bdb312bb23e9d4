extension Verdict {
    /// For a failed `while_running` rule, why the sync was stopped, worded for the log and the
    /// run record: `the network turned metered (yes)`, `battery fell to 22 %, below 25 %`,
    /// `the user has been active for 45s (limit 30s)`. Nil when the rule did not fail.
    var stopReason: String? {
        guard status == .fail else { return nil }
        return finding.facts.stopReason(self) ?? reason
    }

    /// `22 %`, `24.5 %`: a charge as the run log words it, with up to two decimals so that a
    /// charge just below a limit never prints as the limit.
    static func spacedPercent(_ value: Double) -> String { "\(decimal(value)) %" }
}
