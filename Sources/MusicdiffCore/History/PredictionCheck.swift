import Foundation

/// `replay --predict`: how good ``Prediction`` was on the recorded days. At each recorded due
/// time (the distinct `dueSince` of the decisions), the prediction is made as the daemon would
/// have made it then, from the moments before it; it is a hit when the policy's own rules
/// passed on a moment whose readings hold inside the predicted span, a miss when moments cover
/// the span and none passed, and unknown when none covers it. Its error is how far the
/// predicted start lies from the first moment at or after the due time on which the policy
/// passed. Pure and deterministic: the same moments give the same figures.
package struct PredictionCheck: Sendable, Equatable {
    /// One due time and what the prediction said of it.
    package struct Trial: Sendable, Equatable {
        /// When the sync fell due.
        package var due: Date
        /// The prediction made then; nil when the history before it was too short.
        package var predicted: Prediction?
        /// The first recorded moment at or after `due` on which the policy passed; nil if none.
        var possibleAt: Date?
        /// Whether the span held a passing moment (true), only failing ones (false), or no
        /// moment at all (nil); nil too without a prediction.
        var hit: Bool?
    }

    /// Every due time of the measured days, oldest first.
    package var trials: [Trial]

    /// Due times whose predicted span held a moment on which the policy passed.
    package var hits: Int { trials.count { $0.hit == true } }
    /// Due times whose predicted span was recorded and the policy passed on none of it.
    package var misses: Int { trials.count { $0.hit == false } }
    /// Due times with too little history before them for a prediction.
    package var unpredicted: Int { trials.count { $0.predicted == nil } }
    /// Due times whose predicted span no recorded moment covers.
    package var unknown: Int { trials.count { $0.predicted != nil && $0.hit == nil } }

    /// The median of |predicted start − first passing moment|, over the due times that have
    /// both; nil when none does.
    package var medianError: Duration? {
        let errors = trials.compactMap { trial -> TimeInterval? in
            guard let from = trial.predicted?.from, let at = trial.possibleAt else { return nil }
            return abs(from.timeIntervalSince(at))
        }
        .sorted()
        guard !errors.isEmpty else { return nil }
        let middle = errors.count / 2
        let median = errors.count % 2 == 1 ? errors[middle] : (errors[middle - 1] + errors[middle]) / 2
        return .seconds(median.rounded())
    }

    /// Measures `policy`'s predictions at the due times in `from..<to`; `moments` (oldest
    /// first) should reach ``Prediction/days`` days further back, for the first predictions.
    package static func measure(
        _ policy: Policy,
        moments: [RecordedMoment],
        from: Date,
        to: Date
    ) -> PredictionCheck {
        let passing = moments.map { Prediction.passes(policy, $0) }
        var dues: [Date] = []
        for moment in moments where moment.kind == .decision {
            guard let due = moment.dueSince, due >= from, due < to, dues.last != due else { continue }
            if !dues.contains(due) { dues.append(due) }
        }
        let trials = dues.sorted().map { due -> Trial in
            let offset = moments.first { $0.at >= due }?.utcOffset ?? 0
            let predicted = Prediction.predict(policy, moments: moments, now: due, utcOffset: offset)
            let first = moments.indices.first { moments[$0].at >= due && passing[$0] }
            var hit: Bool?
            if let predicted {
                for index in moments.indices {
                    let start = moments[index].at
                    let next = index + 1 < moments.count ? moments[index + 1].at : start
                    let end = max(
                        min(next, start.addingTimeInterval(Prediction.freshness)),
                        start.addingTimeInterval(1)
                    )
                    guard start < predicted.to, end > predicted.from else { continue }
                    if passing[index] {
                        hit = true
                        break
                    }
                    hit = false
                }
            }
            return Trial(due: due, predicted: predicted, possibleAt: first.map { moments[$0].at }, hit: hit)
        }
        return PredictionCheck(trials: trials)
    }
}
