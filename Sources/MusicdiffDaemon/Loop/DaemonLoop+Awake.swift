import MusicdiffCore

extension DaemonLoop {
    /// What logind is told while a sync runs under `while_running.keep_awake`.
    static let awakeReason = "a sync is running"

    /// Whether `policy` asks to hold off an idle suspend while the job runs.
    static func keepsAwake(_ policy: Policy?) -> Bool { policy?.whileRunning?.keepAwake == true }

    /// Takes logind's block lock on idle for the job's life when the policy asks
    /// (`while_running.keep_awake`), so that an idle suspend waits for the sync; nil when it
    /// does not ask, or logind cannot (said in the log: the sync runs all the same).
    func holdAwakeForRun(_ policy: Policy?) async -> (any SleepHold)? {
        guard Self.keepsAwake(policy) else { return nil }
        guard let sensors = sensors.withLock({ $0 }) else {
            logger.info("Cannot keep the machine awake while the sync runs: no sensors")
            return nil
        }
        switch await sensors.holdAwake(why: Self.awakeReason) {
        case .success(let hold):
            return hold
        case .failure(let error):
            logger.info("Cannot keep the machine awake while the sync runs: \(error)")
            return nil
        }
    }
}
