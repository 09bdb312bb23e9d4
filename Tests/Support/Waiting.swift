import Foundation

/// Checks `condition` every `interval` until it holds or `timeout` has passed; says whether it
/// held. For conditions that no event announces (a mock answering, a process gone).
package func poll(
    timeout: Duration = .seconds(5),
    every interval: Duration = .milliseconds(20),
    until condition: () throws -> Bool
) rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while true {
        if try condition() { return true }
        if ContinuousClock.now >= deadline { return false }
        Thread.sleep(forTimeInterval: interval / .seconds(1))
    }
}

extension AsyncStream where Element: Sendable {
    /// The first element for which `predicate` holds, or nil when none arrives within `timeout`
    /// (or the stream ends). Racing the deadline cancels the iteration, which ends the stream:
    /// use a fresh stream for each wait.
    package func first(
        within timeout: Duration,
        where predicate: @escaping @Sendable (Element) -> Bool
    ) async -> Element? {
        await withTaskGroup(of: Element?.self) { group in
            group.addTask {
                for await element in self where predicate(element) { return element }
                return nil
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}
