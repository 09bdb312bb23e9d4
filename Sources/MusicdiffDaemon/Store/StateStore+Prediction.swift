import Foundation
import MusicdiffCore

extension StateStore {
    /// When `policy` will next pass, predicted from the recorded moments of the last
    /// ``Prediction/days`` days (``Prediction/predict(_:moments:now:utcOffset:)``); nil when
    /// they are too few. One read of those days' moments: for a command, not for a tick.
    public func prediction(
        for policy: Policy,
        now: Date,
        timeZone: TimeZone = .current
    ) throws(DaemonError)
        -> Prediction?
    {
        let start = now.addingTimeInterval(-Double(Prediction.days) * 86_400)
        return Prediction.predict(
            policy,
            moments: try moments(from: start),
            now: now,
            utcOffset: timeZone.secondsFromGMT(for: now)
        )
    }
}
