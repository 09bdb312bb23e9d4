import Foundation
import MusicdiffCore

extension ReplayReport {
    /// `replay --predict`'s text: how many due times the predicted span was right for, wrong
    /// for, could not be judged or had no prediction, and the median error of its start.
    package static func predictText(
        _ check: PredictionCheck,
        history: RecordedHistory,
        days: Int,
        policy: String
    )
        -> String
    {
        let error = check.medianError.map(DurationText.format) ?? "none"
        return """
            \(days) day\(days == 1 ? "" : "s") to \(HistoryReport.day(history.now, history.timeZone)), \
            \(check.trials.count) due times, predicted for \(policy) from the \(Prediction.days) days before each
            hits:          \(check.hits) (the policy passed inside the predicted span)
            misses:        \(check.misses) (it passed on none of the span's recorded moments)
            not recorded:  \(check.unknown) (no recorded moment covers the span)
            no prediction: \(check.unpredicted) (under \(Prediction.minimumDays) days recorded before it, or no half hour passed on half of them)
            median error:  \(error) (predicted start to the first moment the policy passed)

            """
    }

    /// `replay --predict --json`: the same figures, the error in seconds (null when none).
    package static func predictJSON(_ check: PredictionCheck, policy: String) -> String {
        JSONValue.object([
            ("policy", .string(policy)),
            ("due_times", .number(Double(check.trials.count))),
            ("hits", .number(Double(check.hits))),
            ("misses", .number(Double(check.misses))),
            ("not_recorded", .number(Double(check.unknown))),
            ("no_prediction", .number(Double(check.unpredicted))),
            ("median_error_seconds", check.medianError.map { .number($0 / .seconds(1)) } ?? .null),
        ]).text + "\n"
    }
}
