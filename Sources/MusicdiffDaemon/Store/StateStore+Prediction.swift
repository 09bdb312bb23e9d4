import Foundation
import GRDB
import MusicdiffCore

extension StateStore {
    /// When `policy` will next pass, predicted from the recorded moments of the last
    /// ``Prediction/days`` days; nil when they are too few. From the stored summary when it is
    /// this policy's (a few hundred small rows, and the moments recorded since it was last
    /// brought up to date, none while the daemon runs); else from one read of those days'
    /// moments, as ``Prediction/predict(_:moments:now:utcOffset:)`` sums them up.
    package func prediction(
        for policy: Policy,
        now: Date,
        timeZone: TimeZone = .current
    ) throws(DaemonError)
        -> Prediction?
    {
        let utcOffset = timeZone.secondsFromGMT(for: now)
        if let summary = try summary(for: policy) {
            return summary.prediction(now: now, utcOffset: utcOffset)
        }
        return try scannedPrediction(for: policy, now: now, utcOffset: utcOffset)
    }

    /// The prediction from a read of the last ``Prediction/days`` days' moments, as it was made
    /// before the summary (and is, for a policy the store keeps no summary for).
    package func scannedPrediction(
        for policy: Policy,
        now: Date,
        utcOffset: Int
    ) throws(DaemonError) -> Prediction? {
        let start = now.addingTimeInterval(-Double(Prediction.days) * 86_400)
        return Prediction.predict(policy, moments: try moments(from: start), now: now, utcOffset: utcOffset)
    }

    /// The stored summary brought up to date with the moments recorded after it (in memory:
    /// a reader does not write), when it is `policy`'s; nil when the store keeps none for it.
    package func summary(for policy: Policy) throws(DaemonError) -> PredictionSummary? {
        let key = policy.yaml
        return try perform("read the prediction's summary") {
            try database.read { db -> PredictionSummary? in
                guard var stored = try Self.storedSummary(db), stored.key == key else { return nil }
                for (moment, _) in try Self.rows(after: stored.lastID, db) {
                    stored.summary.add(moment, passed: Prediction.passes(policy, moment))
                }
                return stored.summary
            }
        }
    }
}
