import Foundation
import MusicdiffCore

extension WhyNotReport {
    /// The report for a person: a headline, one line per rule, the next check, the history.
    /// With a terminal's `width`, each line wrapped there under its column (``TextWrap``);
    /// without, only the rules' lines laid out for ``lineWidth``. With `colour`, the marks
    /// ✓ ✗ ? in `history`'s colours (``Palette``).
    package func text(timeZone: TimeZone = .current, width: Int? = nil, colour: Bool = false) -> String {
        let format = LocalTimeFormat(timeZone: timeZone)
        var lines = whatIfLines(format)
        if let run, run.run.outcome == .running { lines.append(run.line(format)) }
        if let syncHolder { lines.append(RunState.heldLine(syncHolder)) }
        if let until = settleUntil, until > decision.evaluatedAt {
            lines.append("settling after resume until \(format.string(until)): no sync starts before")
        }
        if let pause, pause.lasts(at: decision.evaluatedAt) {
            lines.append(pause.line(now: decision.evaluatedAt, timeZone: timeZone))
        }
        lines.append(headline(format))
        if let predicted {
            let time = ShortTime(now: decision.evaluatedAt, timeZone: timeZone)
            lines.append(predicted.text(now: decision.evaluatedAt, time.string))
        }
        if let overdue { lines.append(overdue.lines.joined(separator: " ")) }
        if let earlyFrom {
            lines.append(Self.earlyLine(earlyFrom, now: decision.evaluatedAt, timeZone: timeZone))
        }
        if let waiver = decision.waiver {
            lines.append(
                "the sync is overdue by \(DurationText.format(waiver.overdue)) (max_deferral "
                    + "\(DurationText.hours(waiver.maxDeferral))): only min_gap still holds"
            )
        }
        lines += ladderLines(format)
        lines += ruleLines(width: width ?? Self.lineWidth)

        if decision.verdicts.isEmpty { lines.append("(the policy has no rules: a due sync always runs)") }
        if let line = readingsLine { lines.append(line) }
        lines.append(nextCheckLine(format))
        if let run, run.run.outcome != .running { lines += [run.line(format)] + run.outputLines() }
        lines.append(contentsOf: historyLines(format))
        return lines.flatMap { line in
            let wrapped = width.map {
                TextWrap.wrap(line, width: $0, indent: TextWrap.column(of: line, width: $0))
            }
            return (wrapped ?? [line]).map { colour ? painted($0) : $0 }
        }.joined(separator: "\n") + "\n"
    }

    /// A rule's line with its mark in colour.
    private func painted(_ line: String) -> String {
        let marks: [Character: Verdict.Status] = ["✓": .pass, "✗": .fail, "?": .unknown]
        guard let first = line.first, let status = marks[first], line.dropFirst().first == " " else {
            return line
        }
        return Palette.paint(String(first), Palette.code(status)) + line.dropFirst()
    }

    /// Where the readings came from, when a running daemon was asked for them.
    private var readingsLine: String? {
        switch readings {
        case .daemon(let pid): "readings: the running daemon's (pid \(pid))"
        case .sensors(let problem?): "readings: read now; \(problem)"
        case .sensors(nil): nil
        }
    }

    /// One line per rule in three columns: the rule, what it saw, what it requires (and why it
    /// fails). An observed value wider than its column, or a line wider than ``lineWidth``,
    /// moves the requirement (and then the reason) to a line of its own under the observed
    /// column, so that the columns of the other rules stay aligned.
    private func ruleLines(width: Int) -> [String] {
        let ruleWidth = decision.verdicts.map(\.label.count).max() ?? 0
        let observedWidth =
            decision.verdicts.map(\.observed.count).filter { $0 <= Self.observedWidth }.max() ?? 0
        let indent = String(repeating: " ", count: ruleWidth + 4)
        var lines: [String] = []
        for verdict in decision.verdicts {
            let symbol =
                switch verdict.status {
                case .pass: "✓"
                case .fail: "✗"
                case .unknown: "?"
                }
            let head = "\(symbol) \(verdict.label.padded(to: ruleWidth))  "
            let required = "required: \(verdict.required)"
            let reason = verdict.status != .pass || verdict.waivedBy != nil ? "(\(verdict.reason))" : nil
            let oneLine =
                head + verdict.observed.padded(to: observedWidth) + "  " + required
                + (reason.map { "  " + $0 } ?? "")
            if verdict.observed.count <= observedWidth, oneLine.count <= width {
                lines.append(oneLine)
                continue
            }
            lines.append(head + verdict.observed)
            let rest = indent + required + (reason.map { "  " + $0 } ?? "")
            if let reason, rest.count > width {
                lines += [indent + required, indent + reason]
            } else {
                lines.append(rest)
            }
        }
        return lines
    }

    /// The widest observed column; a longer value goes on a line of its own.
    static let observedWidth = 48
    /// The width the rules' lines are laid out for into a pipe or a file.
    static let lineWidth = 100

    /// `laptop (shipped): a sync would not run now; blocked by idle` (`then` with `--at`); when no sync is due,
    /// the due time first, and no rule blamed for a sync that nobody asked for.
    private func headline(_ format: LocalTimeFormat) -> String {
        let blockers = decision.blockers.map(\.rawValue).joined(separator: ", ")
        let head = "\(decision.policy) (\(origin)): "
        if let due = notDueYet, !movedTime {
            let wait = DurationText.format(due.duration(since: decision.evaluatedAt))
            return head + "not due until \(format.string(due)) (in \(wait)); "
                + (decision.shouldSync
                    ? "were it due now, a sync would run" : "were it due now, \(blockers) would hold it")
        }
        // With --at the moment decided on is that time, not now.
        let when = movedTime ? "then" : "now"
        return head
            + (decision.shouldSync
                ? "a sync would run \(when)" : "a sync would not run \(when); blocked by \(blockers)")
    }

    private func nextCheckLine(_ format: LocalTimeFormat) -> String {
        if let due = notDueYet {
            let wait = DurationText.format(due.duration(since: decision.evaluatedAt))
            return "next check: \(format.string(due)) (in \(wait)), when the sync falls due"
        }
        if decision.shouldSync { return "next check: now" }
        if let daemonNextCheck, daemonNextCheck == nextCheck {
            let wait = DurationText.format(daemonNextCheck.duration(since: decision.evaluatedAt))
            return "next check: \(format.string(daemonNextCheck)) (in \(wait)), the daemon's next look,"
                + " and at once when a sensor changes"
        }
        if let step = decision.nextStepAt, step == nextCheck {
            let wait = step.duration(since: decision.evaluatedAt)
            return
                "next check: \(format.string(step)) (in \(DurationText.format(wait))), when the next step begins"
        }
        if decision.timeRulesAllowAt > decision.evaluatedAt {
            let wait = decision.timeRulesAllowAt.duration(since: decision.evaluatedAt)
            return
                "next check: \(format.string(decision.timeRulesAllowAt)) (in \(DurationText.format(wait))),"
                + " when \(timeRules)"
        }
        return "next check: \(format.string(nextCheck)) (every \(DurationText.hours(poll)) while blocked,"
            + " and at once when a sensor changes)"
    }

    /// The time rules the policy has, with their verb: `min_gap allows`, `window allows`,
    /// `min_gap and window allow`.
    private var timeRules: String {
        let names = decision.verdicts.map(\.rule.rawValue).filter { $0 == "min_gap" || $0 == "window" }
        return names.count == 1
            ? "\(names[0]) allows"
            : "\(names.isEmpty ? "the time rules" : names.joined(separator: " and ")) allow"
    }

    private func historyLines(_ format: LocalTimeFormat) -> [String] {
        if historyAsked == 0 { return [] }
        if let historyProblem { return ["history: \(historyProblem)"] }
        let damaged =
            damagedRows > 0
            ? ["history: \(damagedRows) damaged row\(damagedRows == 1 ? "" : "s") skipped"] : []
        if history.isEmpty { return damaged + ["history: the daemon has recorded no ticks yet"] }
        let (skipped, byRule) = skippedByRule
        var summary =
            history.count == 1
            ? "history: the last tick was \(skipped == 1 ? "skipped" : "allowed")"
            : "history: \(skipped) of the last \(history.count) ticks skipped"
        if !byRule.isEmpty {
            summary += " (" + byRule.map { "\($0.rule) \($0.count)" }.joined(separator: ", ") + ")"
        }
        var lines = [summary]
        for tick in history {
            let what = tick.wouldSync ? "allowed" : "skipped: " + tick.failed.joined(separator: ", ")
            lines.append("  \(format.string(tick.at))  \(what)")
        }
        return lines + damaged
    }
}

/// Local times as the reports print them: `2026-11-29 00:41:05`.
struct LocalTimeFormat {
    let formatter: DateFormatter

    init(timeZone: TimeZone) {
        formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
    }

    func string(_ date: Date) -> String { formatter.string(from: date) }
}

extension String {
    /// The string, padded with spaces to `width` characters.
    func padded(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
